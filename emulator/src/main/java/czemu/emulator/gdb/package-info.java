/**
 * The GDB remote stub: an unchanged {@code gdb-multiarch} debugs the emulated ARM program over
 * the GDB Remote Serial Protocol.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link czemu.emulator.gdb.DebugTarget}: what the stub drives (implemented over the
 *       kernel); its Javadoc has the threading contract.</li>
 *   <li>{@link czemu.emulator.gdb.StopEvent}, {@link czemu.emulator.gdb.StopListener}: why the
 *       target stopped, and where it says so.</li>
 *   <li>{@link czemu.emulator.gdb.ResumeRequest}, {@link czemu.emulator.gdb.ResumeAction}:
 *       per-thread continue/step (with a signal) from {@code vCont} or {@code c/s/C/S}.</li>
 *   <li>{@link czemu.emulator.gdb.ArmRegisters}, {@link czemu.emulator.gdb.ArmRegister}: r0..r15,
 *       cpsr, d0..d31, fpscr and their protocol numbers (r0..r15 = 0..15, cpsr = 25,
 *       d0..d31 = 26..57, fpscr = 58).</li>
 *   <li>{@link czemu.emulator.gdb.Breakpoint}: Z0..Z4 as they come.</li>
 *   <li>{@link czemu.emulator.gdb.GdbServer}: listens on 127.0.0.1, serves one debugger at a
 *       time.</li>
 * </ul>
 *
 * <h2>Protocol served</h2>
 * Framing with {@code +}/{@code -} acknowledgements and retransmission, {@code QStartNoAckMode},
 * run-length-encoded input, binary escaping (X, qXfer replies), PacketSize 0x4000 (longer input
 * is skipped without being stored and answered {@code E01}), Ctrl-C (0x03) while running.
 * Packets: {@code qSupported} (PacketSize, QStartNoAckMode+, vContSupported+, swbreak+,
 * hwbreak+, qXfer:features:read+, qXfer:threads:read+, qXfer:siginfo:read+), {@code ?},
 * {@code g G p P m M X}, {@code c s C S} (with optional address), {@code vCont?},
 * {@code vCont;c/C/s/S[:tid]...}, {@code Z0..Z4 z0..z4} (conditions ignored), {@code Hg Hc},
 * {@code T}, {@code qC}, {@code qfThreadInfo qsThreadInfo}, {@code qThreadExtraInfo},
 * {@code qAttached} (1), {@code qXfer:features:read:target.xml}, {@code qXfer:threads:read},
 * {@code qXfer:siginfo:read}, {@code qRcmd} (output in {@code O} packets), {@code qSymbol}
 * (OK), {@code D}, {@code k}, {@code vKill}, {@code vMustReplyEmpty}; anything else gets the
 * empty reply. While the target runs, {@code O} packets carry what it has to say about the stop
 * that follows ({@link czemu.emulator.gdb.StopListener#output}), which gdb prints. Error replies: E01 malformed or not now, E02 no such thread, E03 the target
 * failed, E14 memory not accessible, E00 bad qXfer annex.
 *
 * <h2>{@code $_siginfo}</h2>
 * gdb-multiarch gives ARM the GNU/Linux OS ABI by default, and with it the Linux
 * {@code siginfo_t} type; the stub serves the stop's siginfo in that layout, so after a fault
 * {@code p $_siginfo._sifields._sigfault.si_addr} prints the fault address. (A gdb set to
 * {@code set osabi none} has no siginfo type and prints {@code void}.)
 */
package czemu.emulator.gdb;
