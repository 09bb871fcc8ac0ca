/* SPDX-License-Identifier: GPL-2.0 */
/*
 * glctl output: a tiny JSON writer, and the helpers that print one value
 * either as JSON ("key":value) or as text (" label value").
 */
#ifndef GLCTL_JSON_H
#define GLCTL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlattr;
struct nlmsghdr;

void json_obj_open(const char *key);
void json_arr_open(const char *key);
void json_close(void);
void json_str(const char *key, const char *val);
void json_u64(const char *key, uint64_t val);
void json_bool(const char *key, bool val);

/*
 * show, port show, fdb show, vlan show print one JSON array.  It is opened
 * with the first element or at json_list_end(), so that an error on the
 * request itself leaves stdout empty.
 */
void json_list_begin(void);
void json_list_elem(void);
void json_list_end(void);
/* Keep stdout valid JSON when we bail out half way. */
void json_abort(void);

/* Either output: JSON "key":value, text " label value". */
void print_u64(const char *key, const char *label, uint64_t v);
void print_str(const char *key, const char *label, const char *s);
/* JSON "key":true|false, text " key on|off". */
void print_onoff(const char *key, bool on);

/*
 * The names of an attribute set, for attributes the printers do not show
 * (from a newer header or module): the spec's name as the text label,
 * the JSON key with '_'; "attrN"/"attr_N" without one.
 */
struct attr_names {
	const char *const *names, *const *keys;
	size_t n;
};

#define ATTR_NAMES(set)	((const struct attr_names){ gl_##set##_names, \
			  gl_##set##_keys, ARRAY_SIZE(gl_##set##_names) })

/* One attribute, printed generically. */
void print_unknown_attr(const struct nlattr *a, const struct attr_names *set);
/* The attributes of @nest (message @nlh) whose types are not in @known. */
void print_unknown_nested(const struct nlattr *nest, uint64_t known,
			  const struct attr_names *set);
void print_unknown_genl(const struct nlmsghdr *nlh, uint64_t known,
			const struct attr_names *set);

#endif /* GLCTL_JSON_H */
