/*
 * C side of the program start: environment (env.c), pager id and the kernel
 * entry addresses, then main and exit.
 *
 * The runtime keeps all its variables out of .bss (initialised, or placed
 * in .data explicitly), so that a program's .bss is still untouched when
 * main runs; bss.c relies on that to check every byte of it.
 */
#include "rt.h"

extern unsigned rt_kip_ipc, rt_kip_getid, rt_kip_thread_switch, rt_kip_time,
	rt_kip_mutex_control, rt_kip_exchange_registers, rt_kip_thread_control,
	rt_kip_capability_control, rt_kip_ipc_control, rt_kip_container_control;

int main(int argc, char **argv, char **envp);
void __rt_start(int argc, char **argv, char **envp) __attribute__((noreturn));

l4id_t rt_pagerid = L4_NILTHREAD;

/*
 * Every stub jumps through these words, so they are filled before any
 * kernel call.  The KIP is already populated when the program starts
 * (§1.2).
 */
static void copy_kip_entries(void)
{
	const volatile struct kip *kip = (const volatile struct kip *)L4_KIP_ADDRESS;

	rt_kip_ipc = kip->ipc;
	rt_kip_getid = kip->getid;
	rt_kip_thread_switch = kip->thread_switch;
	rt_kip_time = kip->time;
	rt_kip_mutex_control = kip->mutex_control;
	rt_kip_exchange_registers = kip->exchange_registers;
	rt_kip_thread_control = kip->thread_control;
	rt_kip_capability_control = kip->capability_control;
	rt_kip_ipc_control = kip->ipc_control;
	rt_kip_container_control = kip->container_control;
}

void __rt_start(int argc, char **argv, char **envp)
{
	const char *pager;

	environ = envp;
	/* mm0 passes its own tid as "pagerid=<decimal>" (§1.6). */
	pager = getenv("pagerid");
	if (pager)
		rt_pagerid = atoi(pager);
	copy_kip_entries();
	exit(main(argc, argv, envp));
}
