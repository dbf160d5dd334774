/* SPDX-License-Identifier: GPL-2.0 */
/* The generated symbol table (scripts/kallsyms.py), read by kernel/kallsyms.c. */
#ifndef _KMLAB_KALLSYMS_TABLE_H
#define _KMLAB_KALLSYMS_TABLE_H

/* Number of symbols; addresses has one more entry, the end of the text. */
extern const unsigned long kallsyms_num;
extern const unsigned long kallsyms_addresses[];
/* Offset of each symbol's name in kallsyms_names. */
extern const unsigned int kallsyms_offsets[];
extern const char kallsyms_names[];

#endif /* _KMLAB_KALLSYMS_TABLE_H */
