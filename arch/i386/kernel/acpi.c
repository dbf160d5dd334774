// SPDX-License-Identifier: GPL-2.0
/*
 * Finding the CPUs: the ACPI MADT (ACPI 6.5, section 5.2.12), only as
 * much ACPI as that takes.
 *
 * Why the MADT and not the MP table (Intel MP spec 1.4): QEMU's SeaBIOS
 * and Bochs' BIOS provide both, but the MP table is legacy (firmware
 * stopped shipping it years ago; Linux reads it only without ACPI), while
 * every PC since about 2005 has a MADT. The MADT also says which listed
 * CPUs are enabled (QEMU lists -smp maxcpus= CPUs and enables only the
 * ones present) and gives the local APIC address.
 *
 * The RSDP is searched on 16-byte boundaries in the BIOS area
 * 0xe0000-0xfffff (ACPI 5.2.5.1), where SeaBIOS and Bochs put it. The
 * first KiB of the EBDA, the other place the specification allows, is
 * not searched: finding it means reading the BIOS data area at 0x40e,
 * in the page that paging.c leaves unmapped to catch NULL pointers. The
 * RSDT (32-bit pointers) is used, also on ACPI 2.0+ firmware, which
 * keeps it next to the XSDT for 32-bit kernels. Every table is
 * checksummed before use; a bad one is reported and skipped.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <kmlab/unaligned.h>
#include <asm/acpi.h>
#include <asm/apic.h>

struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum;
	char oem_id[6];
	u8 revision;
	u32 rsdt_address;
} __packed;

struct acpi_table_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 asl_compiler_id;
	u32 asl_compiler_revision;
} __packed;

struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address; /* the local APIC's physical address */
	u32 flags;
} __packed;

struct acpi_subtable_header {
	u8 type;
	u8 length;
} __packed;

#define ACPI_MADT_TYPE_LOCAL_APIC 0
#define ACPI_MADT_ENABLED 1
#define ACPI_MADT_ONLINE_CAPABLE 2

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;
	u8 id;
	u32 lapic_flags;
} __packed;

static u8 acpi_checksum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static const struct acpi_rsdp *acpi_find_rsdp(void)
{
	for (unsigned long a = 0xe0000; a < 0x100000; a += 16) {
		const struct acpi_rsdp *rsdp = (const void *)a;

		if (!memcmp(rsdp->signature, "RSD PTR ", 8) &&
		    !acpi_checksum(rsdp, sizeof(*rsdp)))
			return rsdp;
	}
	return NULL;
}

/* The table the RSDT lists with @sig, checksum verified, or NULL. */
static const struct acpi_table_header *acpi_find_table(u32 rsdt_address,
						       const char *sig)
{
	const struct acpi_table_header *rsdt = (const void *)rsdt_address;
	/* The RSDT need not be 4-byte aligned (QEMU's is not). */
	const u32 *entry = (const u32 *)(rsdt + 1);
	unsigned int n;

	if (!rsdt_address || memcmp(rsdt->signature, "RSDT", 4) ||
	    acpi_checksum(rsdt, rsdt->length)) {
		pr_warn("acpi: the RSDT at %#x is not valid: ignoring ACPI\n",
			rsdt_address);
		return NULL;
	}
	n = (rsdt->length - sizeof(*rsdt)) / 4;
	for (unsigned int i = 0; i < n; i++) {
		const struct acpi_table_header *t =
			(const void *)get_unaligned(&entry[i]);

		if (!t || memcmp(t->signature, sig, 4))
			continue;
		if (acpi_checksum(t, t->length)) {
			pr_warn("acpi: bad checksum in the %.4s table at %p: skipped\n",
				sig, t);
			continue;
		}
		return t;
	}
	return NULL;
}

int acpi_parse_madt(acpi_cpu_fn fn)
{
	const struct acpi_rsdp *rsdp = acpi_find_rsdp();
	const struct acpi_table_madt *madt;
	const u8 *p, *end;
	int count = 0;

	if (!rsdp)
		return -ENOENT;
	madt = (const void *)acpi_find_table(rsdp->rsdt_address, "APIC");
	if (!madt)
		return -ENOENT;
	lapic_phys_base = madt->address;
	p = (const u8 *)(madt + 1);
	end = (const u8 *)madt + madt->header.length;
	while (p + sizeof(struct acpi_subtable_header) <= end) {
		const struct acpi_subtable_header *h = (const void *)p;

		if (h->length < sizeof(*h) || p + h->length > end) {
			pr_warn("acpi: MADT entry at offset %u has a bad length %u: ignoring the rest\n",
				(unsigned int)(p - (const u8 *)madt),
				h->length);
			break;
		}
		if (h->type == ACPI_MADT_TYPE_LOCAL_APIC &&
		    h->length >= sizeof(struct acpi_madt_local_apic)) {
			const struct acpi_madt_local_apic *lapic =
				(const void *)p;

			fn(lapic->id, lapic->lapic_flags & ACPI_MADT_ENABLED);
			count++;
		}
		p += h->length;
	}
	return count;
}
