/* SPDX-License-Identifier: GPL-2.0 */
/*
 * glctl: what every file shares - global options, errors, the command
 * table types and the argument parsers.
 */
#ifndef GLCTL_H
#define GLCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __noreturn	__attribute__((__noreturn__))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define __aligned(x)	__attribute__((__aligned__(x)))
#define __maybe_unused	__attribute__((__unused__))
#define BIT_ULL(n)	(1ULL << (n))

/* Global options (glctl.c). */
extern bool json, pretty, show_stats;

void __noreturn __printf(1, 2) die(const char *fmt, ...);
void __noreturn __printf(1, 2) usage_err(const char *fmt, ...);
void parse_mac(const char *s, unsigned char mac[6]);
void __noreturn usage(void);
void usage_text(FILE *f);

/*
 * The kinds of values a keyword takes.  The parser (parse_kws()) and the
 * bash completion ("glctl completion bash") both read them.
 */
enum val_kind {
	VAL_FLAG,	/* no value */
	VAL_PORT,	/* a network device: the ifindex */
	VAL_NUM,	/* min..max */
	VAL_ENUM,	/* one of names[] */
	VAL_ONOFF,
	VAL_MAC,
	VAL_VLIST,	/* 10,20,30-32 */
	VAL_USER,	/* number or user name */
	VAL_GROUP,	/* number or group name */
	VAL_IPV4,	/* dotted quad: the address, network order */
	VAL_MACLIST,	/* MAC[,MAC]... or "off": the command parses it */
};

/*
 * A keyword of a command: @word or one of @alias.  The keywords of a
 * command come in any order, the last one given wins (a VLIST adds up).
 * The first @required one missing is reported, in table order.
 */
struct kw {
	const char *word;		/* NULL: names[attr] (see kw_word()) */
	const char *alias[3];
	enum val_kind kind;
	bool required;
	const char *what;		/* in messages: "VLAN id" */
	const char *meta;		/* "required" message: "PORT" (WORD) */
	uint64_t min, max;		/* VAL_NUM */
	const char *const *names;	/* VAL_ENUM */
	size_t n_names;
	uint16_t attr;			/* the attribute it sets */
	const char *const *word_names;	/* if !word: a names.h table */
	/*
	 * Also "@or_word VALUE" in place of the value ("dest vlan VID"):
	 * the command parses it before parse_kws(), the completion offers
	 * @or_word with the values.
	 */
	const char *or_word;
};

static inline bool kw_empty(const struct kw *k)
{
	return !k->word && !k->word_names;
}

static inline const char *kw_word(const struct kw *k)
{
	return k->word ? k->word : k->word_names[k->attr];
}

#define KW_ENUM(tbl)	.kind = VAL_ENUM, .names = tbl, .n_names = ARRAY_SIZE(tbl)

/* The parsed value of each keyword of a command (same index). */
struct kwval {
	bool given;
	uint64_t num;			/* NUM ENUM ONOFF PORT USER GROUP */
	unsigned char mac[6];
	bool *vids;			/* VLIST: [4096], allocated */
	const char *str;		/* MACLIST: the argument */
};

struct cmd;
typedef int (*cmd_fn_t)(int argc, char **argv, const struct cmd *c);

/*
 * A command: @name or any prefix of it, or one of @alias.  An object
 * ("fdb") has the table @sub of its commands; a command has a @synopsis
 * (printed by "glctl help" after "glctl ") and its keywords @kws.  The
 * tables are the one source of the usage text, the dispatch and the bash
 * completion.
 */
enum dev_arg { DEV_NONE, DEV_REQUIRED, DEV_OPTIONAL };

struct cmd {
	const char *name;
	const char *alias[2];
	const char *word;		/* in lists and messages (default @name) */
	cmd_fn_t fn;			/* NULL: dispatch into @sub */
	const struct cmd *sub;
	size_t n_sub;
	const char *dflt;		/* object without a command: this one */
	const char *synopsis;
	const char *what;		/* in messages: "fdb add" */
	uint8_t genl_cmd;		/* GUESTLAN_CMD_* */
	enum dev_arg dev;		/* takes DEV (or "dev DEV") first */
	bool dev_is_port;		/* ... which is a port, not a switch */
	bool dash_is_underscore;	/* "max-learned" is "max_learned" */
	const struct kw *kws;
	size_t n_kws;
	const char *complete;		/* other words (promisc: "on off") */
};

#define KWS(tbl)	.kws = tbl, .n_kws = ARRAY_SIZE(tbl)
#define SUB(tbl)	.sub = tbl, .n_sub = ARRAY_SIZE(tbl)

/* The objects' command tables (switch.c, port.c, ...). */
extern const struct cmd switch_show_cmd, switch_set_cmd, port_cmd, fdb_cmd,
	vlan_cmd, grant_cmd, revoke_cmd, promisc_cmd, monitor_cmd, mirror_cmd;

/* "OBJECT help": the usage on stderr, exit 1. */
int cmd_usage(int argc, char **argv, const struct cmd *c);
/* An object: run the command of @c->sub that argv[0] names. */
int cmd_object(int argc, char **argv, const struct cmd *c);

/* The top-level table (glctl.c), in the order of "glctl help". */
extern const struct cmd *const glctl_cmds[];
extern const size_t n_glctl_cmds;
int cmd_completion(int argc, char **argv, const struct cmd *c);
/* The VNICC := and ROLE := lines of the usage (port.c). */
void port_usage_defs(FILE *f);

/* Argument parsing (args.c). */
bool matches(const char *arg, const char *full);
bool is(const char *arg, const char *word);
uint64_t parse_num(const char *what, const char *s, uint64_t min, uint64_t max);
uint8_t parse_enum(const char *what, const char *s, const char *const *names,
		   size_t n);
bool parse_onoff(const char *what, const char *s);
const char *need_arg(int *argc, char ***argv, const char *kw);
const char *take_dev(int *argc, char ***argv, bool required, const char *cmd);
void no_more_args(int argc, char **argv, const char *cmd);
uint32_t take_opt_dev(int argc, char **argv, const char *cmd);
void help_arg(int argc, char **argv);
uint32_t dev_index(const char *name);
const char *ifname_of(uint32_t ifindex, char *buf);
const char *parse_kws(int argc, char **argv, const struct cmd *c,
		      struct kwval *v);
void free_kws(const struct cmd *c, struct kwval *v);
bool kws_any(const struct cmd *c, const struct kwval *v);

#endif /* GLCTL_H */
