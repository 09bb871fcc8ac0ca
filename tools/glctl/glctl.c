// SPDX-License-Identifier: GPL-2.0
/*
 * glctl - manage guestlan virtual switches over generic netlink.
 *
 * iproute2 in look and feel; "glctl help" prints the synopsis of every
 * command.  The layout follows wireguard-tools:
 *
 *	glctl.c		the command table, global options, usage
 *	args.c		the argument parsers (keyword tables: struct kw)
 *	completion.c	"glctl completion bash", from the command tables
 *	nl.c		netlink I/O: socket, family, request/ack/dump, extack
 *	model.c		the decoded answers (struct gl_msg and its parts)
 *	json.c		output: JSON writer, text/JSON value helpers
 *	switch.c port.c fdb.c vlan.c grant.c promisc.c monitor.c mirror.c
 *			one object each: its arguments (a table of keywords),
 *			its requests and its printers
 *	names.h		generated from the uapi header: the spec's names
 *
 * "promisc" uses the ioctls of /dev/guestlan (uapi/linux/guestlan.h), so
 * that the owner of a grant may use it without CAP_NET_ADMIN; all else
 * is the generic netlink family described in uapi/specs/guestlan.yaml.
 * Attributes and commands this tool does not know are printed generically,
 * so a newer kernel module keeps working with an older glctl.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/guestlan_netlink.h>

#include "glctl.h"
#include "json.h"


bool json;
bool pretty;
bool show_stats;

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

void die(const char *fmt, ...)
{
	va_list ap;

	json_abort();
	fflush(stdout);
	fputs("glctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void usage_err(const char *fmt, ...)
{
	va_list ap;

	fputs("glctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry \"glctl help\".\n", stderr);
	exit(1);
}
/* ------------------------------------------------------------------ */
/* The command table                                                   */
/* ------------------------------------------------------------------ */

static int cmd_help(int argc, char **argv, const struct cmd *c);

static const struct cmd completion_cmd = {
	.name = "completion", .fn = cmd_completion,
	.synopsis = "completion bash", .what = "completion",
	.complete = "bash",
};

static const struct cmd help_cmd = {
	.name = "help", .fn = cmd_help, .synopsis = "help",
};

/*
 * In the order of "glctl help".  A prefix picks the first command it
 * matches: "s" is show, "p" port, "m" monitor (mirror came later).
 */
const struct cmd *const glctl_cmds[] = {
	&switch_show_cmd, &port_cmd, &fdb_cmd, &switch_set_cmd, &vlan_cmd,
	&grant_cmd, &revoke_cmd, &promisc_cmd, &monitor_cmd, &mirror_cmd,
	&completion_cmd, &help_cmd,
};
const size_t n_glctl_cmds = ARRAY_SIZE(glctl_cmds);

static bool cmd_is(const struct cmd *c, const char *arg)
{
	return matches(arg, c->name) ||
	       (c->alias[0] && is(arg, c->alias[0])) ||
	       (c->alias[1] && is(arg, c->alias[1]));
}

static const char *cmd_word(const struct cmd *c)
{
	return c->word ? c->word : c->name;
}

/* Run the command of @c's table that *@argv names. */
int cmd_object(int argc, char **argv, const struct cmd *c)
{
	char *dflt[] = { (char *)c->dflt, NULL };
	char list[128] = "";
	size_t i;

	if (!argc && c->dflt) {
		argv = dflt;
		argc = 1;
	}
	if (!argc) {
		for (i = 0; i < c->n_sub; i++)
			if (c->sub[i].synopsis)
				snprintf(list + strlen(list),
					 sizeof(list) - strlen(list), "%s%s",
					 list[0] ? ", " : "",
					 cmd_word(&c->sub[i]));
		usage_err("%s: command required (%s)", c->name, list);
	}
	for (i = 0; i < c->n_sub; i++)
		if (cmd_is(&c->sub[i], *argv))
			return c->sub[i].fn(argc - 1, argv + 1, &c->sub[i]);
	usage_err("%s: unknown command \"%s\"", c->name, *argv);
}

int cmd_usage(int argc __maybe_unused, char **argv __maybe_unused,
	      const struct cmd *c __maybe_unused)
{
	usage();
}

/* ------------------------------------------------------------------ */
/* Usage, from the synopsis of each command                            */
/* ------------------------------------------------------------------ */

static void print_synopsis(FILE *f, const struct cmd *c)
{
	size_t i;

	if (c->synopsis)
		fprintf(f, "       glctl %s\n", c->synopsis);
	for (i = 0; i < c->n_sub; i++)
		print_synopsis(f, &c->sub[i]);
}

void usage_text(FILE *f)
{
	size_t i;

	fputs("Usage: glctl [OPTIONS] OBJECT { COMMAND | help }\n\n", f);
	for (i = 0; i < ARRAY_SIZE(glctl_cmds); i++)
		print_synopsis(f, glctl_cmds[i]);
	fputs("\n"
	      "OPTIONS := { -j[son] | -p[retty] | -s[tatistics] | -V[ersion] |\n"
	      "             -h[elp] }\n", f);
	port_usage_defs(f);
	fputs("\n"
	      "DEV is a guestlan switch device, PORT one of its ports (for vlan,\n"
	      "also DEV itself: the switch's host port).\n"
	      "VID is 1..4094 (default 1), SECS 1..1000000, N 0..4294967295\n"
	      "(0 = no limit), MAC is xx:xx:xx:xx:xx:xx.\n"
	      "VLIST is VIDs and ranges, e.g. 10,20,30-32 (default: all VLANs of\n"
	      "the port); UID and GID (numbers or names) own the grant: they may\n"
	      "turn promiscuous mode on and off with \"glctl promisc\".\n"
	      "In \"port show\", \"vlans 1PU,10\" marks the PVID with P and\n"
	      "egress-untagged VLANs with U.\n"
	      "\"port set\" takes \"-\" or \"_\" in its keywords; the VNIC\n"
	      "characteristics (defaults: flooding, mcast_flooding, rx_bcast,\n"
	      "learning on, the others off, learning_timeout 0 = the switch's\n"
	      "ageing) cannot change while the port has a\n"
	      "role, nor can a role be given while they differ from the\n"
	      "defaults.  The port's max-learned caps its learned MACs\n"
	      "(0 = no cap).  With reflect_promisc, the port's promiscuous\n"
	      "flag sets its role.  hostnotify on sends host events (MACs\n"
	      "learned and aged on the LAN) to \"glctl monitor\".\n"
	      "stacked_tags on lets the port send frames with a second VLAN\n"
	      "tag (off: they are dropped); PORT may be DEV itself (the host)\n"
	      "for this one.\n"
	      "unknown-unicast bridgeport-only sends frames for unknown MACs\n"
	      "only to the active bridge port.\n"	      "A MAC learned on a port belongs to it: another port sending\n"
	      "from it is not learned (learn-refused) unless the owner yields:\n"
	      "it has a role, is a tunnel device, the host (DEV) or marked\n"
	      "uplink on, has takeover_learning on, or is down or without\n"
	      "carrier.  mac-moves any lets every frame move its MAC.\n"
	      "A mirror session (ID 1..16) copies the frames of its sources\n"
	      "(rx: those a port sends into the switch, tx: those sent out of\n"
	      "it, both: the default; a source may also be DEV, the host) in\n"
	      "VLIST (default: every VLAN) to dest PORT, which gets nothing\n"
	      "else, or with dest vlan VID (RSPAN) to the member ports of VLAN\n"
	      "VID (tagged with it, not to the host); VID then carries nothing\n"
	      "else and may not be in VLIST; BYTES is 0 (the whole frame,\n"
	      "default) or 14..65535, sample N mirrors one frame in N (0, 1:\n"
	      "every frame).\n"
	      "Every mirror command, show too, needs CAP_NET_ADMIN.\n", f);
}

void usage(void)
{
	usage_text(stderr);
	exit(1);
}

/* "glctl help": the usage on stdout. */
static int cmd_help(int argc __maybe_unused, char **argv __maybe_unused,
		    const struct cmd *c __maybe_unused)
{
	usage_text(stdout);
	return 0;
}
/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	bool version = false, help = false;
	size_t i;

	argc--;
	argv++;

	while (argc && argv[0][0] == '-' && argv[0][1]) {
		const char *opt = argv[0];

		if (opt[1] == '-' && opt[2])	/* --json etc. */
			opt++;
		if (is(opt, "--")) {
			argc--;
			argv++;
			break;
		}
		if (matches(opt, "-json"))
			json = true;
		else if (matches(opt, "-pretty"))
			pretty = true;
		else if (matches(opt, "-statistics") || matches(opt, "-stats"))
			show_stats = true;
		else if (matches(opt, "-Version") || is(opt, "-version"))
			version = true;
		else if (matches(opt, "-help"))
			help = true;
		else
			usage_err("unknown option \"%s\"", argv[0]);
		argc--;
		argv++;
	}

	if (version) {
		printf("glctl %s (guestlan genl version %d)\n", GLCTL_VERSION,
		       GUESTLAN_GENL_VERSION);
		return 0;
	}
	if (help) {
		usage_text(stdout);
		return 0;
	}
	if (!argc)
		usage();
	for (i = 0; i < ARRAY_SIZE(glctl_cmds); i++)
		if (cmd_is(glctl_cmds[i], *argv))
			return glctl_cmds[i]->fn(argc - 1, argv + 1,
						 glctl_cmds[i]);
	usage_err("unknown command \"%s\"", *argv);
}
