/* SPDX-License-Identifier: GPL-2.0 */
/* The ACPI MADT walk that finds the CPUs (arch/i386/kernel/acpi.c). */
#ifndef _ASM_ACPI_H
#define _ASM_ACPI_H

#include <kmlab/types.h>

/**
 * typedef acpi_cpu_fn - called for each processor local APIC entry
 * @apic_id: the CPU's local APIC ID
 * @enabled: the entry's Enabled flag (a disabled CPU cannot be started)
 */
typedef void (*acpi_cpu_fn)(unsigned int apic_id, bool enabled);

/**
 * acpi_parse_madt - call @fn for every CPU the ACPI MADT lists, in order
 * @fn: the callback
 *
 * Also sets lapic_phys_base from the MADT. Context: boot, before the heap.
 * Return: the number of processor local APIC entries, or -ENOENT when
 * there is no valid RSDP, RSDT or MADT (each bad table is reported).
 */
int acpi_parse_madt(acpi_cpu_fn fn);

#endif /* _ASM_ACPI_H */
