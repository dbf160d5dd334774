/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU variables, as i386 Linux has them (include/linux/percpu-defs.h,
 * arch/x86/include/asm/percpu.h).
 *
 * With CONFIG_SMP, DEFINE_PER_CPU() places the variable in the
 * .data..percpu section, the template. Boot (arch/i386/kernel/smpboot.c)
 * copies the template once for every CPU found but the boot CPU, which
 * uses the template itself; __per_cpu_offset[cpu] is the distance from
 * the template to CPU @cpu's copy (0 for CPU 0). Each CPU loads %fs with
 * a data segment of its own in the GDT whose base is its offset, so that
 * "movl %fs:var, %eax" reads this CPU's copy of var in one instruction and
 * needs no CPU number: this_cpu_read() and this_cpu_write() are that
 * instruction. Another CPU's copy is per_cpu(var, cpu).
 *
 * Without CONFIG_SMP a per-CPU variable is an ordinary variable and every
 * accessor is a plain access, so the uniprocessor kernel is unchanged.
 *
 * Context: this_cpu_*() are safe anywhere (one instruction: an interrupt
 * cannot split it, and kmlab has no preemption, so the CPU cannot change
 * under a caller either).
 */
#ifndef _KMLAB_PERCPU_H
#define _KMLAB_PERCPU_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>

#ifdef CONFIG_SMP

/**
 * DEFINE_PER_CPU - define a per-CPU variable
 * @type: its C type (an array type is written as in DEFINE_PER_CPU(int[4], x))
 * @name: its name
 *
 * Every CPU gets a copy, initialised from the definition's initialiser.
 */
#define DEFINE_PER_CPU(type, name) \
	__section(".data..percpu") __typeof__(type) name

/** DECLARE_PER_CPU - declare a per-CPU variable defined elsewhere */
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

/* Distance from the template to each CPU's copy, in bytes. */
extern unsigned long __per_cpu_offset[CONFIG_NR_CPUS];
extern char __per_cpu_start[], __per_cpu_end[];

#define SHIFT_PERCPU_PTR(ptr, off) \
	((__typeof__(ptr))((unsigned long)(ptr) + (off)))

/**
 * per_cpu_ptr - the address of CPU @cpu's copy of a per-CPU variable
 * @ptr: the address of the variable (&var)
 * @cpu: a possible CPU number (below CONFIG_NR_CPUS)
 */
#define per_cpu_ptr(ptr, cpu) SHIFT_PERCPU_PTR(ptr, __per_cpu_offset[cpu])

/**
 * per_cpu - CPU @cpu's copy of per-CPU variable @var (an lvalue)
 * @var: the variable
 * @cpu: a possible CPU number
 */
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), cpu))

DECLARE_PER_CPU(unsigned long, this_cpu_off);

/*
 * One mov through %fs. The operand size follows the variable's (1, 2 or
 * 4 bytes); the "m" operand names the template, whose address is the
 * offset from the segment base.
 */
#define __percpu_size_check(var) \
	BUILD_BUG_ON(sizeof(var) != 1 && sizeof(var) != 2 && sizeof(var) != 4)

/**
 * this_cpu_read - this CPU's copy of a per-CPU variable of 1, 2 or 4 bytes
 * @var: the variable
 */
#define this_cpu_read(var)                             \
	({                                             \
		__typeof__(var) __v;                   \
		__percpu_size_check(var);              \
		__asm__ __volatile__("mov %%fs:%1, %0" \
				     : "=q"(__v)       \
				     : "m"(var));      \
		__v;                                   \
	})

/**
 * this_cpu_write - set this CPU's copy of a per-CPU variable of 1, 2 or 4 bytes
 * @var: the variable
 * @val: the new value
 */
#define this_cpu_write(var, val)                       \
	do {                                           \
		__typeof__(var) __v = (val);           \
		__percpu_size_check(var);              \
		__asm__ __volatile__("mov %1, %%fs:%0" \
				     : "=m"(var)       \
				     : "q"(__v)        \
				     : "memory");      \
	} while (0)

/**
 * this_cpu_ptr - the address of this CPU's copy of a per-CPU variable
 * @ptr: the address of the variable (&var)
 */
#define this_cpu_ptr(ptr) SHIFT_PERCPU_PTR(ptr, this_cpu_read(this_cpu_off))

#else /* !CONFIG_SMP */

#define DEFINE_PER_CPU(type, name) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name
#define per_cpu_ptr(ptr, cpu) ((void)(cpu), (ptr))
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), cpu))
#define this_cpu_read(var) (var)
#define this_cpu_write(var, val) ((var) = (val))
#define this_cpu_ptr(ptr) (ptr)

#endif /* CONFIG_SMP */

#endif /* _KMLAB_PERCPU_H */
