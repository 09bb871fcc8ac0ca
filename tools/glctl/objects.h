/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The printers the objects share (monitor.c prints the events of all of
 * them).  @event is NULL for the answers to a request, else the "event"
 * of glctl monitor.
 */
#ifndef GLCTL_OBJECTS_H
#define GLCTL_OBJECTS_H

#include "model.h"

void print_stats(const struct gl_stats *s);		/* switch.c */
void print_switch(const struct gl_msg *m, const char *event);
void print_port(const struct gl_msg *m, const char *event);	/* port.c */
void print_port_head(const struct gl_msg *m, const char *event);
void print_port_vlans(const struct gl_port *p);
void print_mac_guard(const struct gl_mac_guard *g);
void put_mac_list(struct nlmsghdr *nlh, uint16_t type, const char *list,
		  const char *what);
void print_grant(const struct gl_grant *g);		/* grant.c */
void print_vid_list(const bool *vids);
void print_fdb_fields(const struct gl_fdb *f);		/* fdb.c */

#endif /* GLCTL_OBJECTS_H */
