/* SPDX-License-Identifier: GPL-2.0 */
/* Error numbers, Linux's values. Functions return -EFOO. */
#ifndef _KMLAB_ERRNO_H
#define _KMLAB_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define EOVERFLOW 75
#define EBADMSG 74
#define ETIMEDOUT 110

#endif /* _KMLAB_ERRNO_H */
