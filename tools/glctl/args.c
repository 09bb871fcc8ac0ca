// SPDX-License-Identifier: GPL-2.0
/*
 * glctl argument parsing: the value parsers and the keyword tables of the
 * commands (struct kw, parse_kws()).
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>

#include <linux/guestlan_netlink.h>

#include "glctl.h"
#include "json.h"

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

/* An IPv4 address, as it goes on the wire (network order in memory) */
static uint32_t parse_ipv4(const char *what, const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		usage_err("invalid %s \"%s\" (expected an IPv4 address)", what, s);
	return a.s_addr;
}

void parse_mac(const char *s, unsigned char mac[6])
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
	case VAL_IPV4:
		v->num = parse_ipv4(what, val);
		break;
	case VAL_MACLIST:
		v->str = val;
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
		if (kw->meta)
			snprintf(meta, sizeof(meta), "%s", kw->meta);
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

