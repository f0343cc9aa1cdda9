package czemu.pager.linux.abi;

/**
 * Where things lie in the frame a 32-bit ARM Linux kernel builds on the user stack to run a signal
 * handler, and in the siginfo it carries. Sources: the kernel's {@code arch/arm/kernel/signal.h} and
 * {@code signal.c} (struct sigframe, struct rt_sigframe, the VFP block of preserve_vfp_context),
 * the UAPI headers {@code asm/ucontext.h}, {@code asm/sigcontext.h}, {@code asm/user.h} (struct
 * user_vfp) and {@code asm-generic/siginfo.h}; qemu-arm's {@code linux-user/arm/signal.c} lays out
 * the same frame. Every offset was checked with offsetof in an armel program (glibc's ucontext_t
 * and siginfo_t, which match the kernel's byte for byte).
 *
 * <pre>
 * rt_sigframe (SA_SIGINFO)       sigframe (without)
 *   +0    siginfo   (128)          +0    ucontext (744)
 *   +128  ucontext  (744)          +744  retcode  (16)
 *   +872  retcode   (16)           760 bytes
 *   888 bytes
 * ucontext: uc_flags, uc_link, uc_stack {ss_sp, ss_flags, ss_size}, uc_mcontext (struct sigcontext,
 *   84 bytes), uc_sigmask (8 bytes, padded to 128), uc_regspace (512 bytes, 8-aligned): the VFP block,
 *   then a 0 word that ends the coprocessor blocks.
 * </pre>
 */
public final class SignalFrameLayout {
    private SignalFrameLayout() {}

    // ---- siginfo_t (128 bytes) ----
    public static final int SIGINFO_SIZE = 128;
    public static final int SI_SIGNO = 0, SI_ERRNO = 4, SI_CODE = 8;
    /** _kill, _rt and _sigchld: the sender's pid and uid. */
    public static final int SI_PID = 12, SI_UID = 16;
    /** _sigchld: the child's exit status (or signal) and its CPU times in clock ticks. */
    public static final int SI_STATUS = 20, SI_UTIME = 24, SI_STIME = 28;
    /** _sigfault: the faulting address. */
    public static final int SI_ADDR = 12;

    // ---- struct ucontext (744 bytes) ----
    public static final int UCONTEXT_SIZE = 744;
    public static final int UC_FLAGS = 0, UC_LINK = 4, UC_STACK = 8, UC_MCONTEXT = 20, UC_SIGMASK = 104, UC_REGSPACE = 232;
    /** stack_t inside uc_stack. */
    public static final int SS_SP = 0, SS_FLAGS = 4, SS_SIZE = 8;
    /** What setup_frame puts in uc_flags of a frame without siginfo: a value sc.trap_no never has. */
    public static final int UC_FLAGS_NON_RT = 0x5ac3c35a;

    // ---- struct sigcontext, at UC_MCONTEXT (84 bytes) ----
    public static final int SC_TRAP_NO = 0, SC_ERROR_CODE = 4, SC_OLDMASK = 8;
    /** arm_r0 .. arm_pc follow each other (fp is r11, ip r12, sp r13, lr r14), then arm_cpsr. */
    public static final int SC_R0 = 12, SC_CPSR = 76, SC_FAULT_ADDRESS = 80;

    // ---- the VFP block, at UC_REGSPACE (struct vfp_sigframe, 288 bytes) ----
    public static final int VFP_MAGIC = 0x56465001, VFP_BLOCK_SIZE = 288;
    public static final int VFP_MAGIC_OFFSET = 0, VFP_SIZE_OFFSET = 4, VFP_REGISTERS = 8, VFP_FPSCR = 264, VFP_FPEXC = 272,
            VFP_FPINST = 276, VFP_FPINST2 = 280;
    /** FPEXC as a user thread has it: VFP enabled (EN, bit 30), no exception pending. */
    public static final int FPEXC_ENABLED = 1 << 30;

    // ---- the frames ----
    public static final int SIGFRAME_SIZE = UCONTEXT_SIZE + 16, SIGFRAME_RETCODE = UCONTEXT_SIZE;
    public static final int RT_SIGFRAME_SIZE = SIGINFO_SIZE + SIGFRAME_SIZE, RT_SIGFRAME_UCONTEXT = SIGINFO_SIZE,
            RT_SIGFRAME_RETCODE = SIGINFO_SIZE + SIGFRAME_RETCODE;

    /**
     * The return code the kernel writes into retcode when the action has no SA_RESTORER (its
     * sigreturn_codes): {@code mov r7, #NR; svc #NR|0x900000} for ARM handlers, {@code movs r7, #NR;
     * svc #0} for Thumb ones. czemu's kuser page carries the same four sequences.
     */
    public static int[] returnCode(boolean rt, boolean thumb) {
        int number = rt ? LinuxSyscalls.RT_SIGRETURN : LinuxSyscalls.SIGRETURN;
        return thumb ? new int[] {0xdf00 << 16 | 0x2700 | number} : new int[] {0xe3a07000 | number, 0xef900000 | number};
    }
}
