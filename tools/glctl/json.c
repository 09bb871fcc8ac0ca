// SPDX-License-Identifier: GPL-2.0
/* glctl output: the JSON writer and the either-output helpers (json.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "glctl.h"
#include "json.h"
#include "nl.h"

#define JSON_MAX_DEPTH	32

static struct {
	int depth;
	bool first[JSON_MAX_DEPTH];
	char close[JSON_MAX_DEPTH];
	/* top-level array opened lazily, see json_list_begin() */
	bool list;
	bool list_open;
} jw;

static void json_indent(void)
{
	int i;

	if (!pretty)
		return;
	fputc('\n', stdout);
	for (i = 0; i < jw.depth; i++)
		fputs("    ", stdout);
}

static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', stdout);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\b':
			fputs("\\b", stdout);
			break;
		case '\f':
			fputs("\\f", stdout);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				printf("\\u%04x", *p);
			else
				fputc(*p, stdout);
		}
	}
	fputc('"', stdout);
}

/* Separator and indentation before a value or key at the current level. */
static void json_sep(void)
{
	if (jw.depth == 0) {
		jw.first[0] = false;
		return;
	}
	if (!jw.first[jw.depth])
		fputc(',', stdout);
	jw.first[jw.depth] = false;
	json_indent();
}

static void json_key(const char *key)
{
	json_sep();
	if (key) {
		json_string(key);
		fputs(pretty ? ": " : ":", stdout);
	}
}

static void json_open(const char *key, char open, char close)
{
	json_key(key);
	if (jw.depth + 1 >= JSON_MAX_DEPTH)
		die("JSON nesting too deep");
	fputc(open, stdout);
	jw.depth++;
	jw.first[jw.depth] = true;
	jw.close[jw.depth] = close;
}

void json_obj_open(const char *key)
{
	json_open(key, '{', '}');
}

void json_arr_open(const char *key)
{
	json_open(key, '[', ']');
}

void json_close(void)
{
	bool empty = jw.first[jw.depth];
	char c = jw.close[jw.depth];

	jw.depth--;
	if (!empty)
		json_indent();
	fputc(c, stdout);
	if (jw.depth == 0 && !jw.list)
		fputc('\n', stdout);
}

void json_str(const char *key, const char *val)
{
	json_key(key);
	json_string(val);
}

void json_u64(const char *key, uint64_t val)
{
	json_key(key);
	printf("%" PRIu64, val);
}

void json_bool(const char *key, bool val)
{
	json_key(key);
	fputs(val ? "true" : "false", stdout);
}

void json_list_begin(void)
{
	if (!json)
		return;
	jw.list = true;
	jw.list_open = false;
}

void json_list_elem(void)
{
	if (!json || !jw.list || jw.list_open)
		return;
	jw.list_open = true;
	json_arr_open(NULL);
}

void json_list_end(void)
{
	if (!json || !jw.list)
		return;
	json_list_elem();
	jw.list = false;
	json_close();
}

void json_abort(void)
{
	if (!json)
		return;
	jw.list = jw.list_open = false;
	while (jw.depth > 0)
		json_close();
}

void print_u64(const char *key, const char *label, uint64_t v)
{
	if (json)
		json_u64(key, v);
	else
		printf(" %s %" PRIu64, label, v);
}

void print_str(const char *key, const char *label, const char *s)
{
	if (json)
		json_str(key, s);
	else
		printf(" %s %s", label, s);
}

void print_onoff(const char *key, bool on)
{
	if (json)
		json_bool(key, on);
	else
		printf(" %s %s", key, on ? "on" : "off");
}

/*
 * Attributes we do not show: nests are recursed into if flagged
 * NLA_F_NESTED, strings printed as such, 1/2/4/8 byte payloads as
 * unsigned numbers, anything else as hex.
 */
static bool attr_looks_string(const struct nlattr *a)
{
	const unsigned char *p = mnl_attr_get_payload(a);
	uint16_t len = mnl_attr_get_payload_len(a);
	uint16_t i;

	if (len < 4 || p[len - 1] != '\0')
		return false;
	for (i = 0; i < len - 1; i++)
		if (p[i] < 0x20 || p[i] >= 0x7f)
			return false;
	return true;
}

static void print_unknown_nest(const struct nlattr *nest)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		print_unknown_attr(a, NULL);
}

void print_unknown_attr(const struct nlattr *a, const struct attr_names *set)
{
	const unsigned char *p = mnl_attr_get_payload(a);
	uint16_t len = mnl_attr_get_payload_len(a);
	unsigned int type = mnl_attr_get_type(a);
	char keybuf[24], labelbuf[24];
	const char *key = keybuf, *label = labelbuf;
	uint64_t v;
	uint16_t i;

	snprintf(keybuf, sizeof(keybuf), "attr_%u", type);
	snprintf(labelbuf, sizeof(labelbuf), "attr%u", type);
	if (set && type < set->n && set->names[type]) {
		key = set->keys[type];
		label = set->names[type];
	}

	if (a->nla_type & NLA_F_NESTED) {
		if (json) {
			json_obj_open(key);
			print_unknown_nest(a);
			json_close();
		} else {
			printf(" %s {", label);
			print_unknown_nest(a);
			printf(" }");
		}
	} else if (len == 0) {
		if (json)
			json_bool(key, true);
		else
			printf(" %s", label);
	} else if (attr_looks_string(a)) {
		if (json)
			json_str(key, (const char *)p);
		else
			printf(" %s \"%s\"", label, (const char *)p);
	} else if (attr_uint(a, &v)) {
		print_u64(key, label, v);
	} else {
		char *hex = malloc(2 * len + 1);

		if (!hex)
			die("out of memory");
		for (i = 0; i < len; i++)
			sprintf(hex + 2 * i, "%02x", p[i]);
		hex[2 * len] = '\0';
		if (json)
			json_str(key, hex);
		else
			printf(" %s 0x%s", label, hex);
		free(hex);
	}
}

static bool known_type(unsigned int type, uint64_t known)
{
	return type < 64 && (known & BIT_ULL(type));
}

void print_unknown_nested(const struct nlattr *nest, uint64_t known,
			  const struct attr_names *set)
{
	const struct nlattr *a;

	if (!nest)
		return;
	mnl_attr_for_each_nested(a, nest)
		if (!known_type(mnl_attr_get_type(a), known))
			print_unknown_attr(a, set);
}

void print_unknown_genl(const struct nlmsghdr *nlh, uint64_t known,
			const struct attr_names *set)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (!known_type(mnl_attr_get_type(a), known))
			print_unknown_attr(a, set);
}
