// SPDX-License-Identifier: GPL-2.0
/*
 * glctl monitor: the notifications of the "events" group, one line (or
 * one JSON object) each.  Port and switch events print like port show and
 * show; the state changes print as transitions.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "glctl.h"
#include "json.h"
#include "model.h"
#include "names.h"
#include "nl.h"
#include "objects.h"

/* Attributes of a newer module, then the end of the event. */
static void print_event_tail(const struct gl_msg *m)
{
	const struct attr_names aset = ATTR_NAMES(attr);
	const struct attr_names pset = ATTR_NAMES(port);
	const struct attr_names fset = ATTR_NAMES(fdb);

	print_unknown_nested(m->port.nest, m->port.known, &pset);
	print_unknown_nested(m->fdb.nest, m->fdb.known, &fset);
	print_unknown_genl(m->nlh, m->known, &aset);
	if (json)
		json_close();
	else
		putchar('\n');
}

/* Text: ": PREV -> STATE"; JSON: "state","prev_state". */
static void print_transition(const char *state, const char *prev)
{
	if (!json) {
		printf(": %s -> %s", prev ? prev : "?", state ? state : "?");
		return;
	}
	if (state)
		json_str("state", state);
	if (prev)
		json_str("prev_state", prev);
}

/* The name of port enum @attr, or NULL if absent. */
static const char *port_enum(const struct gl_port *p, unsigned int attr,
			     const char *const *names, size_t n, char *buf)
{
	if (!HAS(p, attr))
		return NULL;
	return enum_str(names, n, p->val[attr], buf, 24);
}

#define PORT_ENUM(p, attr, names, buf) \
	port_enum(p, GUESTLAN_PORT_A_##attr, names, ARRAY_SIZE(names), buf)

/*
 * promisc-ntf: "promisc tap1 master lan0: off -> requested"
 * JSON: {"event":"promisc","switch","ifname","ifindex","state","prev_state"}
 */
static void print_promisc_event(const struct gl_msg *m, const char *event)
{
	char sbuf[24], pbuf[24];

	print_port_head(m, event);
	print_transition(PORT_ENUM(&m->port, PROMISC_STATE,
				   gl_promisc_state_names, sbuf),
			 PORT_ENUM(&m->port, PROMISC_PREV_STATE,
				   gl_promisc_state_names, pbuf));
	print_event_tail(m);
}

/*
 * bridgeport-ntf: "bridgeport tap1 master lan0 role primary: standby -> active"
 * JSON: {"event":"bridgeport","switch","ifname","ifindex","role","state",
 *	  "prev_state"}
 */
static void print_bridgeport_event(const struct gl_msg *m, const char *event)
{
	char rbuf[24], sbuf[24], pbuf[24];
	const char *role = PORT_ENUM(&m->port, ROLE, gl_bridge_role_names,
				     rbuf);

	print_port_head(m, event);
	if (role)
		print_str("role", "role", role);
	print_transition(PORT_ENUM(&m->port, BRIDGE_STATE,
				   gl_bridge_state_names, sbuf),
			 PORT_ENUM(&m->port, PREV_BRIDGE_STATE,
				   gl_bridge_state_names, pbuf));
	print_event_tail(m);
}

/*
 * host-ntf, for the port notified:
 *	"host tap1 master lan0: learned 02:00:00:00:00:01 vlan 1 port tap2"
 *	"host tap1 master lan0: reset" (or "abort")
 * JSON: {"event":"host","switch","ifname","ifindex","host_event",
 *	  "mac","vlan","port"} (mac, vlan, port for learned and aged)
 */
static void print_host_event(const struct gl_msg *m, const char *event)
{
	const char *what = NULL;
	char ebuf[24];

	if (HAS(m, GUESTLAN_A_HOST_EVENT))
		what = ENUM_STR(gl_host_event_names,
				m->val[GUESTLAN_A_HOST_EVENT], ebuf);
	print_port_head(m, event);
	if (json && what) {
		json_str(gl_attr_keys[GUESTLAN_A_HOST_EVENT], what);
	} else if (!json) {
		printf(": %s", what ? what : "?");
		if (m->fdb.mac[0])
			printf(" %s", m->fdb.mac);
	}
	print_fdb_fields(&m->fdb);
	print_event_tail(m);
}

/*
 * guard-ntf: "guard tap1 master lan0: mac-guard 02:00:00:00:00:09 vlan 1
 *	      [owner tap2] [suppressed N]"
 * JSON: {"event":"guard","switch","ifname","ifindex","reason","mac",
 *	  "vlan","owner","owner_ifindex","suppressed"}
 */
static void print_guard_event(const struct gl_msg *m, const char *event)
{
	const struct attr_names set = ATTR_NAMES(guard_event);
	const struct gl_guard_event *e = &m->guard_event;
	const char *reason = "?";
	char ebuf[24];

	if (HAS(e, GUESTLAN_GUARD_EVENT_A_REASON))
		reason = ENUM_STR(gl_guard_reason_names,
				  e->val[GUESTLAN_GUARD_EVENT_A_REASON], ebuf);
	print_port_head(m, event);
	if (json)
		json_str("reason", reason);
	else
		printf(": %s", reason);
	if (e->mac[0])
		print_str("mac", "mac", e->mac);
	if (HAS(e, GUESTLAN_GUARD_EVENT_A_VID))
		print_u64("vlan", "vlan", e->val[GUESTLAN_GUARD_EVENT_A_VID]);
	if (e->owner)
		print_str("owner", "owner", e->owner);
	if (json && HAS(e, GUESTLAN_GUARD_EVENT_A_OWNER_IFINDEX))
		json_u64("owner_ifindex",
			 e->val[GUESTLAN_GUARD_EVENT_A_OWNER_IFINDEX]);
	if (HAS(e, GUESTLAN_GUARD_EVENT_A_SUPPRESSED) &&
	    (json || e->val[GUESTLAN_GUARD_EVENT_A_SUPPRESSED]))
		print_u64("suppressed", "suppressed",
			  e->val[GUESTLAN_GUARD_EVENT_A_SUPPRESSED]);
	print_unknown_nested(e->nest, e->known, &set);
	print_event_tail(m);
}

/* A message of a command this tool does not know. */
static void print_unknown_msg(const struct gl_msg *m)
{
	const struct nlattr *a;

	if (json) {
		json_obj_open(NULL);
		json_str("event", "unknown");
		json_u64("cmd", m->cmd);
		print_unknown_genl(m->nlh, BIT_ULL(0), NULL);
		json_close();
		return;
	}
	printf("cmd %u:", m->cmd);
	mnl_attr_for_each(a, m->nlh, GENL_HDRLEN)
		print_unknown_attr(a, NULL);
	putchar('\n');
}

static void print_port_event(const struct gl_msg *m, const char *event)
{
	print_port(m, event);
}

static void print_switch_event(const struct gl_msg *m, const char *event)
{
	print_switch(m, event);
}

/* The notifications "glctl monitor" prints, as its "event". */
static const struct {
	uint8_t cmd;
	void (*print)(const struct gl_msg *m, const char *event);
	const char *event;
} events[] = {
	{ GUESTLAN_CMD_PORT_NTF, print_port_event, "port" },
	{ GUESTLAN_CMD_SWITCH_NTF, print_switch_event, "switch" },
	{ GUESTLAN_CMD_PROMISC_NTF, print_promisc_event, "promisc" },
	{ GUESTLAN_CMD_BRIDGEPORT_NTF, print_bridgeport_event, "bridgeport" },
	{ GUESTLAN_CMD_HOST_NTF, print_host_event, "host" },
	{ GUESTLAN_CMD_GUARD_NTF, print_guard_event, "guard" },
};

static void print_event(const struct nlmsghdr *nlh)
{
	struct gl_msg m;
	size_t i;

	if (nlh->nlmsg_type != family_id || !model_decode(nlh, &m))
		return;
	for (i = 0; i < ARRAY_SIZE(events); i++)
		if (events[i].cmd == m.cmd)
			break;
	if (i < ARRAY_SIZE(events))
		events[i].print(&m, events[i].event);
	else
		print_unknown_msg(&m);
	model_free(&m);
	fflush(stdout);
}

/*
 * glctl monitor [guard]: every group this user may join, or only the
 * guard group (an error if it may not).
 */
static int cmd_monitor(int argc, char **argv, const struct cmd *c)
{
	bool guard_only = false;

	if (argc && !strcmp(*argv, "guard")) {
		guard_only = true;
		argc--;
		argv++;
	}
	no_more_args(argc, argv, c->what);
	pretty = false;		/* -j: one JSON object per line */
	nl_join_events(guard_only);

	for (;;) {
		const struct nlmsghdr *h;
		int len = nl_recv(&h);

		if (len == -EINTR)
			continue;
		if (len == -ENOBUFS) {
			fprintf(stderr,
				"glctl: event queue overrun, events were lost\n");
			continue;
		}
		if (len < 0)
			die("receive failed: %s", strerror(-len));
		for (; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len))
			print_event(h);
	}
	return 0;
}

const struct cmd monitor_cmd = {
	.name = "monitor", .fn = cmd_monitor,
	.synopsis = "[-j] monitor [guard]", .what = "monitor",
};
