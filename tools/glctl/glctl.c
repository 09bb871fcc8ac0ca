// SPDX-License-Identifier: GPL-2.0
/*
 * glctl - manage guestlan virtual switches over generic netlink.
 *
 * iproute2 in look and feel; "glctl help" prints the synopsis of every
 * command.  The layout follows wireguard-tools:
 *
 *	glctl.c		the command table, global options, usage, the
 *			argument parsers and the bash completion
 *	nl.c		netlink I/O: socket, family, request/ack/dump, extack
 *	model.c		the decoded answers (struct gl_msg and its parts)
 *	json.c		output: JSON writer, text/JSON value helpers
 *	switch.c port.c fdb.c vlan.c grant.c promisc.c monitor.c
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

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include <linux/guestlan_netlink.h>

#include "glctl.h"
#include "json.h"

#define GLCTL_VERSION	"1.0"

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
/* Argument parsing                                                    */
/* ------------------------------------------------------------------ */

/* iproute2 style: @arg is a non-empty prefix of @full. */
bool matches(const char *arg, const char *full)
{
	size_t l = strlen(arg);

	return l && l <= strlen(full) && !strncmp(arg, full, l);
}

bool is(const char *arg, const char *word)
{
	return !strcmp(arg, word);
}

uint64_t parse_num(const char *what, const char *s, uint64_t min, uint64_t max)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	return v;
bad:
	usage_err("invalid %s \"%s\" (expected %" PRIu64 "..%" PRIu64 ")",
		  what, s, min, max);
}

/* One of @names (an enum of the spec); the usage error lists them. */
uint8_t parse_enum(const char *what, const char *s, const char *const *names,
		   size_t n)
{
	char list[128] = "";
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && is(s, names[i]))
			return i;
	for (i = 0; i < n; i++)
		if (names[i])
			snprintf(list + strlen(list), sizeof(list) - strlen(list),
				 "%s%s", i ? "|" : "", names[i]);
	usage_err("invalid %s \"%s\" (expected %s)", what, s, list);
}

bool parse_onoff(const char *what, const char *s)
{
	if (is(s, "on"))
		return true;
	if (is(s, "off"))
		return false;
	usage_err("invalid %s \"%s\" (expected on|off)", what, s);
}

static void parse_mac(const char *s, unsigned char mac[6])
{
	const char *p = s;
	int i, j;

	for (i = 0; i < 6; i++) {
		unsigned int v = 0;

		for (j = 0; j < 2 && *p && *p != ':'; j++, p++) {
			char c = *p;

			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= c - '0';
			else if (c >= 'a' && c <= 'f')
				v |= c - 'a' + 10;
			else if (c >= 'A' && c <= 'F')
				v |= c - 'A' + 10;
			else
				goto bad;
		}
		if (!j)
			goto bad;
		mac[i] = v;
		if (i < 5 && *p++ != ':')
			goto bad;
	}
	if (*p)
		goto bad;
	return;
bad:
	usage_err("invalid MAC address \"%s\" (expected xx:xx:xx:xx:xx:xx)", s);
}

const char *need_arg(int *argc, char ***argv, const char *kw)
{
	if (*argc < 2)
		usage_err("\"%s\" needs an argument", kw);
	(*argc)--;
	(*argv)++;
	return **argv;
}

/* "DEV" or "dev DEV" */
const char *take_dev(int *argc, char ***argv, bool required, const char *cmd)
{
	const char *dev;

	if (*argc && is(**argv, "dev"))
		dev = need_arg(argc, argv, "dev");
	else if (*argc)
		dev = **argv;
	else if (required)
		usage_err("%s: device name required", cmd);
	else
		return NULL;
	(*argc)--;
	(*argv)++;
	return dev;
}

void no_more_args(int argc, char **argv, const char *cmd)
{
	if (argc)
		usage_err("%s: unexpected argument \"%s\"", cmd, *argv);
}

const char *ifname_of(uint32_t ifindex, char *buf)
{
	if (if_indextoname(ifindex, buf))
		return buf;
	snprintf(buf, IF_NAMESIZE, "%" PRIu32, ifindex);
	return buf;
}

uint32_t dev_index(const char *name)
{
	unsigned int idx;

	if (strlen(name) >= IF_NAMESIZE)
		die("Device name \"%s\" is too long", name);
	idx = if_nametoindex(name);
	if (!idx) {
		json_abort();
		fprintf(stderr, "Cannot find device \"%s\"\n", name);
		exit(1);
	}
	return idx;
}

/* "[DEV]" and nothing else: the ifindex of DEV, 0 without it. */
uint32_t take_opt_dev(int argc, char **argv, const char *cmd)
{
	const char *dev = take_dev(&argc, &argv, false, cmd);

	no_more_args(argc, argv, cmd);
	return dev ? dev_index(dev) : 0;
}

/* "grant help" etc. */
void help_arg(int argc, char **argv)
{
	if (argc && matches(*argv, "help"))
		usage();
}

/* "10,20,30-32": each VID 1..4094 into @vids[4096]. */
static void parse_vid_list(const char *s, bool *vids)
{
	char *copy = strdup(s), *tok, *save = NULL;

	if (!copy)
		die("out of memory");
	if (!*s || *s == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,"))
		goto bad;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');
		uint64_t lo, hi;

		if (dash)
			*dash = '\0';
		lo = parse_num("VLAN id", tok, 1, GUESTLAN_VID_MAX);
		hi = dash ? parse_num("VLAN id", dash + 1, 1, GUESTLAN_VID_MAX)
			  : lo;
		if (hi < lo)
			goto bad;
		for (; lo <= hi; lo++)
			vids[lo] = true;
	}
	free(copy);
	return;
bad:
	usage_err("invalid VLAN list \"%s\" (expected e.g. 10,20,30-32)", s);
}

/* A uid or gid: a number or a user/group name. */
static uint32_t parse_owner(const char *what, const char *s, bool group)
{
	if (*s >= '0' && *s <= '9')
		return parse_num(what, s, 0, UINT32_MAX);
	if (group) {
		struct group *gr = getgrnam(s);

		if (gr)
			return gr->gr_gid;
	} else {
		struct passwd *pw = getpwnam(s);

		if (pw)
			return pw->pw_uid;
	}
	usage_err("unknown %s \"%s\"", what, s);
}

static bool kw_empty(const struct kw *k)
{
	return !k->word && !k->word_names;
}

/* The keyword of @c that @arg names, or -1. */
static int kw_find(const struct cmd *c, const char *arg)
{
	char norm[32];
	size_t i, j;

	if (c->dash_is_underscore) {
		if (strlen(arg) >= sizeof(norm))
			return -1;
		for (i = 0; arg[i]; i++)
			norm[i] = arg[i] == '-' ? '_' : arg[i];
		norm[i] = '\0';
		arg = norm;
	}
	for (i = 0; i < c->n_kws; i++) {
		const struct kw *k = &c->kws[i];

		if (kw_empty(k))
			continue;
		if (is(arg, kw_word(k)))
			return i;
		for (j = 0; j < ARRAY_SIZE(k->alias); j++)
			if (k->alias[j] && is(arg, k->alias[j]))
				return i;
	}
	return -1;
}

static void parse_kw(const struct kw *k, const char *val, struct kwval *v)
{
	const char *what = k->what ? k->what : kw_word(k);

	switch (k->kind) {
	case VAL_FLAG:
		break;
	case VAL_PORT:
		v->num = dev_index(val);
		break;
	case VAL_NUM:
		v->num = parse_num(what, val, k->min, k->max);
		break;
	case VAL_ENUM:
		v->num = parse_enum(what, val, k->names, k->n_names);
		break;
	case VAL_ONOFF:
		v->num = parse_onoff(what, val);
		break;
	case VAL_MAC:
		parse_mac(val, v->mac);
		break;
	case VAL_VLIST:
		if (!v->vids)
			v->vids = calloc(4096, sizeof(*v->vids));
		if (!v->vids)
			die("out of memory");
		parse_vid_list(val, v->vids);
		break;
	case VAL_USER:
	case VAL_GROUP:
		v->num = parse_owner(what, val, k->kind == VAL_GROUP);
		break;
	}
}

/*
 * "DEV" (if @c takes one) and the keywords of @c into @v[c->n_kws];
 * returns DEV.  Usage errors exit.
 */
const char *parse_kws(int argc, char **argv, const struct cmd *c,
		      struct kwval *v)
{
	const char *dev = NULL;
	size_t i;
	int k;

	if (c->dev != DEV_NONE)
		dev = take_dev(&argc, &argv, c->dev == DEV_REQUIRED, c->what);
	memset(v, 0, c->n_kws * sizeof(*v));
	for (; argc; argc--, argv++) {
		k = kw_find(c, *argv);
		if (k < 0)
			usage_err("%s: unexpected argument \"%s\"", c->what,
				  *argv);
		if (c->kws[k].kind != VAL_FLAG)
			parse_kw(&c->kws[k], need_arg(&argc, &argv, *argv),
				 &v[k]);
		v[k].given = true;
	}
	for (i = 0; i < c->n_kws; i++) {
		const struct kw *kw = &c->kws[i];
		char meta[32];
		size_t j;

		if (!kw->required || v[i].given)
			continue;
		if (kw->kind == VAL_FLAG && kw->what)
			usage_err("%s: \"%s\" is required (%s)", c->what,
				  kw_word(kw), kw->what);
		if (kw->kind == VAL_FLAG)
			usage_err("%s: \"%s\" is required", c->what,
				  kw_word(kw));
		for (j = 0; kw_word(kw)[j] && j < sizeof(meta) - 1; j++)
			meta[j] = toupper((unsigned char)kw_word(kw)[j]);
		meta[j] = '\0';
		usage_err("%s: \"%s %s\" is required", c->what, kw_word(kw),
			  meta);
	}
	return dev;
}

bool kws_any(const struct cmd *c, const struct kwval *v)
{
	size_t i;

	for (i = 0; i < c->n_kws; i++)
		if (v[i].given)
			return true;
	return false;
}

void free_kws(const struct cmd *c, struct kwval *v)
{
	size_t i;

	for (i = 0; i < c->n_kws; i++) {
		free(v[i].vids);
		v[i].vids = NULL;
	}
}

/* ------------------------------------------------------------------ */
/* The command table                                                   */
/* ------------------------------------------------------------------ */

static int cmd_help(int argc, char **argv, const struct cmd *c);
static int cmd_completion(int argc, char **argv, const struct cmd *c);

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
 * matches: "s" is show, "p" port.
 */
static const struct cmd *const glctl_cmds[] = {
	&switch_show_cmd, &port_cmd, &fdb_cmd, &switch_set_cmd, &vlan_cmd,
	&grant_cmd, &revoke_cmd, &promisc_cmd, &monitor_cmd, &completion_cmd,
	&help_cmd,
};

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
	      "             -h[elp] }\n"
	      "VNICC := { flooding on|off | mcast_flooding on|off |\n"
	      "           rx_bcast on|off | learning on|off |\n"
	      "           learning_timeout SECS | takeover_learning on|off |\n"
	      "           takeover_setvmac on|off | bridge_invisible on|off }\n"
	      "ROLE := { none | primary | secondary }\n"
	      "\n"
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
	      "learning, takeover_learning on, the others off, learning_timeout\n"
	      "0 = the switch's ageing) cannot change while the port has a\n"
	      "role, nor can a role be given while they differ from the\n"
	      "defaults.  The port's max-learned caps its learned MACs\n"
	      "(0 = no cap).  With reflect_promisc, the port's promiscuous\n"
	      "flag sets its role.  hostnotify on sends host events (MACs\n"
	      "learned and aged on the LAN) to \"glctl monitor\".\n"
	      "unknown-unicast bridgeport-only sends frames for unknown MACs\n"
	      "only to the active bridge port.\n", f);
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
/* Bash completion, from the same tables                               */
/* ------------------------------------------------------------------ */

static const char *const kind_names[] = {
	[VAL_FLAG] = "flag", [VAL_PORT] = "port", [VAL_NUM] = "num",
	[VAL_ENUM] = "enum", [VAL_ONOFF] = "onoff", [VAL_MAC] = "mac",
	[VAL_VLIST] = "vlist", [VAL_USER] = "user", [VAL_GROUP] = "group",
};

static void complete_kw(const struct kw *k, const char *word)
{
	size_t i;

	printf(" %s=%s", word, kind_names[k->kind]);
	if (k->kind != VAL_ENUM)
		return;
	for (i = 0; i < k->n_names; i++)
		if (k->names[i])
			printf("%s%s", i ? "|" : ":", k->names[i]);
}

/* The tables of command @c, known as @key ("fdb add") to the script. */
static void complete_cmd(const struct cmd *c, const char *key)
{
	size_t i, j;

	printf("_glctl_alias[%s]=\"%s%s%s\"\n", key,
	       c->alias[0] ? c->alias[0] : "", c->alias[1] ? " " : "",
	       c->alias[1] ? c->alias[1] : "");
	if (c->n_sub) {
		printf("_glctl_sub[%s]=\"", key);
		for (i = 0; i < c->n_sub; i++)
			printf("%s%s", i ? " " : "", c->sub[i].name);
		printf("\"\n");
		return;
	}
	printf("_glctl_dev[%s]=%s\n", key,
	       c->dev == DEV_NONE ? "none" : c->dev_is_port ? "port" :
	       c->dev == DEV_OPTIONAL ? "switch-optional" : "switch");
	printf("_glctl_words[%s]=\"", key);
	for (i = 0, j = 0; i < c->n_kws; i++)
		if (!kw_empty(&c->kws[i]))
			printf("%s%s", j++ ? " " : "", kw_word(&c->kws[i]));
	if (c->complete)
		printf("%s%s", j ? " " : "", c->complete);
	printf("\"\n_glctl_kws[%s]=\"", key);
	for (i = 0; i < c->n_kws; i++) {
		const struct kw *k = &c->kws[i];

		if (kw_empty(k))
			continue;
		complete_kw(k, kw_word(k));
		for (j = 0; j < ARRAY_SIZE(k->alias); j++)
			if (k->alias[j])
				complete_kw(k, k->alias[j]);
	}
	printf(" \"\n");
	if (c->dash_is_underscore)
		printf("_glctl_norm[%s]=1\n", key);
}

static const char completion_body[] =
"_glctl_opts=\"-json -pretty -statistics -Version -help\"\n"
"\n"
"# The command of table $1 (_top or an object) that $2 names: a prefix of\n"
"# its name or an alias, first match wins (like glctl).\n"
"_glctl_pick()\n"
"{\n"
"\tlocal n a k\n"
"\tfor n in ${_glctl_sub[$1]}; do\n"
"\t\tk=\"$1 $n\"\n"
"\t\t[[ $1 == _top ]] && k=$n\n"
"\t\tif [[ -n $2 && $n == \"$2\"* ]]; then echo \"$n\"; return 0; fi\n"
"\t\tfor a in ${_glctl_alias[$k]}; do\n"
"\t\t\tif [[ $a == \"$2\" ]]; then echo \"$n\"; return 0; fi\n"
"\t\tdone\n"
"\tdone\n"
"\treturn 1\n"
"}\n"
"\n"
"_glctl_reply()\n"
"{\n"
"\tmapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$2\")\n"
"}\n"
"\n"
"_glctl_devs()\n"
"{\n"
"\tcase $1 in\n"
"\tswitch*) \"$_glctl_prog\" show 2>/dev/null | sed -n 's/^\\([^: ]*\\):.*/\\1/p' ;;\n"
"\tport) command ls /sys/class/net 2>/dev/null ;;\n"
"\tesac\n"
"}\n"
"\n"
"_glctl_value()\n"
"{\n"
"\tlocal kind=$1 cur=$2\n"
"\tcase $kind in\n"
"\tport) _glctl_reply \"$(_glctl_devs port)\" \"$cur\" ;;\n"
"\tonoff) _glctl_reply $'on\\noff' \"$cur\" ;;\n"
"\tenum:*) _glctl_reply \"$(tr '|' '\\n' <<<\"${kind#enum:}\")\" \"$cur\" ;;\n"
"\tuser) mapfile -t COMPREPLY < <(compgen -u -- \"$cur\") ;;\n"
"\tgroup) mapfile -t COMPREPLY < <(compgen -g -- \"$cur\") ;;\n"
"\tesac\n"
"}\n"
"\n"
"# The keywords of command $1 from word $2 on.\n"
"_glctl_args()\n"
"{\n"
"\tlocal key=$1 i=$2 cur=${COMP_WORDS[COMP_CWORD]} w kind e\n"
"\tlocal dev=${_glctl_dev[$key]}\n"
"\n"
"\tif [[ $dev != none ]]; then\n"
"\t\tif [[ ${COMP_WORDS[i]} == dev ]] && (( i < COMP_CWORD )); then\n"
"\t\t\t((i++))\n"
"\t\tfi\n"
"\t\tif (( i == COMP_CWORD )); then\n"
"\t\t\t_glctl_reply \"$(_glctl_devs \"$dev\")\" \"$cur\"\n"
"\t\t\treturn\n"
"\t\tfi\n"
"\t\t((i++))\n"
"\t\t[[ $dev == switch-optional ]] && return\n"
"\tfi\n"
"\tfor ((; i < COMP_CWORD; i++)); do\n"
"\t\tw=${COMP_WORDS[i]}\n"
"\t\t[[ -n ${_glctl_norm[$key]} ]] && w=${w//-/_}\n"
"\t\tkind=\n"
"\t\tfor e in ${_glctl_kws[$key]}; do\n"
"\t\t\t[[ ${e%%=*} == \"$w\" ]] && kind=${e#*=}\n"
"\t\tdone\n"
"\t\tif [[ -n $kind && $kind != flag ]]; then\n"
"\t\t\tif (( i + 1 == COMP_CWORD )); then\n"
"\t\t\t\t_glctl_value \"$kind\" \"$cur\"\n"
"\t\t\t\treturn\n"
"\t\t\tfi\n"
"\t\t\t((i++))\n"
"\t\tfi\n"
"\tdone\n"
"\t_glctl_reply \"$(tr ' ' '\\n' <<<\"${_glctl_words[$key]}\")\" \"$cur\"\n"
"}\n"
"\n"
"_glctl()\n"
"{\n"
"\tlocal cur=${COMP_WORDS[COMP_CWORD]} i=1 obj w key\n"
"\n"
"\tCOMPREPLY=()\n"
"\t_glctl_prog=${COMP_WORDS[0]}\n"
"\twhile (( i < COMP_CWORD )) && [[ ${COMP_WORDS[i]} == -* ]]; do\n"
"\t\t((i++))\n"
"\tdone\n"
"\tif (( i == COMP_CWORD )); then\n"
"\t\tif [[ $cur == -* ]]; then\n"
"\t\t\t_glctl_reply \"$(tr ' ' '\\n' <<<\"$_glctl_opts\")\" \"$cur\"\n"
"\t\telse\n"
"\t\t\t_glctl_reply \"$(tr ' ' '\\n' <<<\"${_glctl_sub[_top]}\")\" \"$cur\"\n"
"\t\tfi\n"
"\t\treturn\n"
"\tfi\n"
"\tobj=$(_glctl_pick _top \"${COMP_WORDS[i]}\") || return\n"
"\t((i++))\n"
"\tkey=$obj\n"
"\tif [[ -n ${_glctl_sub[$obj]} ]]; then\n"
"\t\tif (( i == COMP_CWORD )); then\n"
"\t\t\t_glctl_reply \"$(tr ' ' '\\n' <<<\"${_glctl_sub[$obj]}\")\" \"$cur\"\n"
"\t\t\treturn\n"
"\t\tfi\n"
"\t\tw=$(_glctl_pick \"$obj\" \"${COMP_WORDS[i]}\") || return\n"
"\t\tkey=\"$obj $w\"\n"
"\t\t((i++))\n"
"\tfi\n"
"\t[[ -n ${_glctl_dev[$key]} ]] && _glctl_args \"$key\" \"$i\"\n"
"}\n"
"\n"
"complete -F _glctl glctl\n";

static int cmd_completion(int argc, char **argv, const struct cmd *c)
{
	char key[64];
	size_t i, j;

	if (!argc || !is(*argv, "bash"))
		usage_err("%s: expected \"bash\"", c->what);
	no_more_args(argc - 1, argv + 1, c->what);

	printf("# SPDX-License-Identifier: GPL-2.0\n"
	       "# bash completion for glctl, generated by \"glctl completion bash\"\n"
	       "# from glctl's command tables: do not edit.\n"
	       "\n"
	       "declare -gA _glctl_sub _glctl_alias _glctl_dev _glctl_words _glctl_kws _glctl_norm\n"
	       "_glctl_sub[_top]=\"");
	for (i = 0; i < ARRAY_SIZE(glctl_cmds); i++)
		printf("%s%s", i ? " " : "", glctl_cmds[i]->name);
	printf("\"\n");
	for (i = 0; i < ARRAY_SIZE(glctl_cmds); i++) {
		const struct cmd *o = glctl_cmds[i];

		snprintf(key, sizeof(key), "\"%s\"", o->name);
		complete_cmd(o, key);
		for (j = 0; j < o->n_sub; j++) {
			snprintf(key, sizeof(key), "\"%s %s\"", o->name,
				 o->sub[j].name);
			complete_cmd(&o->sub[j], key);
		}
	}
	printf("\n%s", completion_body);
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
