/**
 * The capability model of czemu's Codezero-style kernel: pure Java, no dependency on the rest of the kernel.
 *
 * <p>Sources: {@code /work/shared/spec/capabilities-2009.md} §3–§6 in their corrected form, with the README's table of
 * adopted values (request codes, flags, lookup order, IPC check) and {@code codezero-abi.md} §5.3 for the numbers.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link czemu.kernel.capability.Capability}: the 44-byte {@code struct capability}, its encoding and a
 *       printable form; {@link czemu.kernel.capability.CapabilityTypes}: the constants with names.</li>
 *   <li>{@link czemu.kernel.capability.CapabilityList} and {@link czemu.kernel.capability.CapabilityRegistry}: the
 *       lists per thread, space, thread group, pager (CHILD/SIBLING shares) and container, the lookup order, the
 *       global capid pool.</li>
 *   <li>{@link czemu.kernel.capability.CapabilitySubject} and {@link czemu.kernel.capability.ResourceDirectory}: what
 *       the kernel tells the model about threads, spaces and containers.</li>
 *   <li>{@link czemu.kernel.capability.CapabilityControl}: the capability_control syscall;
 *       {@link czemu.kernel.capability.CapabilityChecks}: the checks of ipc, thread_control, exchange_registers,
 *       map/unmap and mutex_control, and the QUANTITY quotas;
 *       {@link czemu.kernel.capability.BootCapabilities}: the pager's boot caps and the {@code posix} / {@code strict}
 *       boot sequences; {@link czemu.kernel.capability.CapabilityRequests}: the pager's side of the tag-50 request
 *       protocol.</li>
 * </ul>
 *
 * <h2>Where this model departs from the 2009 code, on purpose</h2>
 * <ul>
 *   <li>Every refused operation returns its real error (SHARE and GRANT dropped theirs), and validates fully before
 *       changing anything: a refused request leaves the model as it was. In particular DEDUCE no longer leaves the
 *       cap narrowed when a later step fails.</li>
 *   <li>SHARE and GRANT need TRANSFERABLE (never checked in 2009), -EPERM otherwise. This is what makes a cap granted
 *       IMMUTABLE impossible to pass on. Consequently the boot UMUTEX cap carries TRANSFERABLE (§2.6 gives it no
 *       generic bits) so the pager can share it as 7891783 does.</li>
 *   <li>SHARE ALL_CONTAINER / ALL_SPACE and the whole-list GROUP / CHILD / SIBLING shares move only the caller's own
 *       TRANSFERABLE caps.</li>
 *   <li>SPLIT flags are compared as a value, so SIZE and ACCESS work (Codezero's {@code flags & RANGE} sent both into
 *       the range branch); a split that would only duplicate a non-quantity cap is -EINVAL.</li>
 *   <li>REPLICATE of a REPLICABLE QUANTITY cap is -EPERM (a kernel panic in 2009); DESTROY of a QUANTITY cap with
 *       {@code used} ≠ 0 is -EPERM.</li>
 *   <li>DEDUCE CONTAINER→SPACE also requires the cap to name the caller's container.</li>
 *   <li>exchange_registers takes SET_UTCB / SET_PAGER from the flags word (Codezero tested the valid vector).</li>
 *   <li>The pager's request walk only tries caps it owns that are REPLICABLE and CHANGEABLE.</li>
 *   <li>Quotas (wired in {@code czemu.kernel.Capabilities}): a unit goes back to the pool it was taken from, kept with
 *       the object; Codezero credited the pool of whoever freed the object ({@code current}). Second-level page
 *       tables are not charged to the MAPPOOL. The posix policy's pools are larger than §2.6's (256 threads, 128
 *       spaces): czemu's test0 clones live longer than on the real kernel.</li>
 *   <li>Caps the configuration shares beyond the policy are minted for the container's list rather than shared
 *       by the pager, because the pager's own boot caps for them carry no TRANSFERABLE (§2.6): the CAP cap of the
 *       {@code capability-control} share and the MAP caps of the {@code memory} share (these with
 *       CACHE_INVALIDATE and CACHE_CLEAN added, which §2.6 lacks).</li>
 *   <li>cache_control answers an unknown operation with -EINVAL before the capability check (the spec's table);
 *       Codezero's last tree checked the cap first, which no cap passes for an unknown operation (-ENOCAP).</li>
 *   <li>map validates the flags and arguments (-EINVAL) after finding the target (-ESRCH) and before the caps, as
 *       Codezero; it also refuses ranges past guest RAM or into the kernel area even if a cap covered them.</li>
 * </ul>
 */
package czemu.kernel.capability;
