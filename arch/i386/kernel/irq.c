// SPDX-License-Identifier: GPL-2.0
/*
 * The 8259A PIC pair, remapped to vectors 32-47, and interrupt dispatch.
 * Only IRQ 0 (the PIT) is unmasked; spurious IRQs 7 and 15 are dropped
 * without an EOI to the chip that did not raise them (8259A datasheet).
 * With CONFIG_SMP the local APIC's vectors go to smp_apic_interrupt().
 */
#include <kmlab/printk.h>
#include <kmlab/lockdep.h>
#include <asm/io.h>
#include <asm/traps.h>
#include <asm/setup.h>
#include <asm/apic.h>
#include <asm/smp.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20

static timer_hook_fn timer_hook;
void timer_tick(void);

void set_timer_hook(timer_hook_fn fn)
{
	timer_hook = fn;
}

void pic_init(void)
{
	outb(0x11, PIC1_CMD); /* ICW1: init, ICW4 follows */
	outb(0x11, PIC2_CMD);
	outb(FIRST_EXTERNAL_VECTOR, PIC1_DATA); /* ICW2: vector base */
	outb(FIRST_EXTERNAL_VECTOR + 8, PIC2_DATA);
	outb(0x04, PIC1_DATA); /* ICW3: slave on IRQ2 */
	outb(0x02, PIC2_DATA);
	outb(0x01, PIC1_DATA); /* ICW4: 8086 mode */
	outb(0x01, PIC2_DATA);
	outb(0xfe, PIC1_DATA); /* mask all but IRQ 0 */
	outb(0xff, PIC2_DATA);
}

static bool irq_is_spurious(unsigned int irq)
{
	u16 cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;

	if (irq != 7 && irq != 15)
		return false;
	outb(0x0b, cmd); /* read ISR */
	return !(inb(cmd) & 0x80);
}

static void handle_irq(struct pt_regs *regs)
{
	unsigned int irq = regs->vector - FIRST_EXTERNAL_VECTOR;

#ifdef CONFIG_SMP
	if (regs->vector >= FIRST_SYSTEM_VECTOR) {
		smp_apic_interrupt(regs);
		return;
	}
#endif
	if (irq_is_spurious(irq)) {
		if (irq == 15)
			outb(PIC_EOI, PIC1_CMD);
		return;
	}
	/* Acknowledge first: the timer hook may longjmp() away. */
	if (irq >= 8)
		outb(PIC_EOI, PIC2_CMD);
	outb(PIC_EOI, PIC1_CMD);
	if (irq == 0) {
		timer_tick();
		if (timer_hook)
			timer_hook(regs);
	}
}

/*
 * Every interrupt: the handler runs in hardirq context for lock-order
 * checking (a timer hook that longjmp()s away leaves it to the landing
 * point's lockdep_context_restore()).
 */
void do_irq(struct pt_regs *regs);
void do_irq(struct pt_regs *regs)
{
	lockdep_hardirq_enter();
	handle_irq(regs);
	lockdep_hardirq_exit();
}
