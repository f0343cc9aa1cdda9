/*
 * The exec program (exec/, built as bin/posixexec.elf) carried whole in
 * posixtest's .data, between _start_test_exec and _end_test_exec, for
 * exectest to write out as a file (spec §1.5).  The Makefile links this
 * object first, so the image is where .data begins.  The path is
 * relative to samples/, where make runs.
 */
	.data
	.balign	4
	.global	_start_test_exec, _end_test_exec
_start_test_exec:
	.incbin	"bin/posixexec.elf"
_end_test_exec:
	.balign	4
