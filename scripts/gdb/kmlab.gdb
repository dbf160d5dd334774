# SPDX-License-Identifier: GPL-2.0
#
# gdb setup for kmlab under QEMU's gdb stub (make debug,
# Documentation/dev-tools/debugging.rst). make debug runs
#   gdb -x scripts/gdb/kmlab.gdb -ex 'kmlab-connect PORT' vmlinux
# so the kernel's symbols come from vmlinux; by hand:
#   (gdb) file /path/to/O/vmlinux
#   (gdb) source scripts/gdb/kmlab.gdb
#   (gdb) kmlab-connect 1234

set architecture i386
set pagination off
set confirm off
set print pretty on
# The kernel runs identity-mapped at 1 MiB: vmlinux addresses are the
# guest's, no offset to add. QEMU implements breakpoints itself, so they
# may be set before GRUB has loaded the kernel.

define kmlab-connect
  if $argc == 1
    target remote 127.0.0.1:$arg0
  else
    target remote 127.0.0.1:1234
  end
end
document kmlab-connect
kmlab-connect [PORT]: attach to QEMU's gdb stub (default port 1234).
end

define kmlab-caches
  set $i = 0
  while $i < sizeof(kmalloc_caches) / sizeof(kmalloc_caches[0])
    printf "%-14s size %4u objects/slab %3u order %u slabs %u (partial %u full %u empty %u) current slab %p\n", kmalloc_caches[$i].name, kmalloc_caches[$i].size, kmalloc_caches[$i].objects, kmalloc_caches[$i].order, kmalloc_caches[$i].nr_slabs, kmalloc_caches[$i].nr_partial, kmalloc_caches[$i].nr_full, kmalloc_caches[$i].nr_empty, kmalloc_caches[$i].cpu_slab
    set $i = $i + 1
  end
end
document kmlab-caches
kmlab-caches: one line per kmalloc size class of the buddy+slab backend
(mm/slab.c kmalloc_caches[]): object size, objects per slab, slab order,
slab counts and the current slab's struct page.
end
