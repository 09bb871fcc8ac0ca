// SPDX-License-Identifier: GPL-2.0
/*
 * glctl completion bash: a bash completion script from the command
 * tables (names, aliases, keywords and the kinds of their values).
 */
#include <stdio.h>

#include "glctl.h"

/* ------------------------------------------------------------------ */
/* Bash completion, from the same tables                               */
/* ------------------------------------------------------------------ */

static const char *const kind_names[] = {
	[VAL_FLAG] = "flag", [VAL_PORT] = "port", [VAL_NUM] = "num",
	[VAL_ENUM] = "enum", [VAL_ONOFF] = "onoff", [VAL_MAC] = "mac",
	[VAL_VLIST] = "vlist", [VAL_USER] = "user", [VAL_GROUP] = "group",
	[VAL_IPV4] = "ipv4", [VAL_MACLIST] = "maclist",
};

static void complete_kw(const struct kw *k, const char *word)
{
	size_t i;

	printf(" %s=%s", word, kind_names[k->kind]);
	if (k->or_word)
		printf("+%s", k->or_word);
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
"\tport+*) _glctl_reply \"$(_glctl_devs port; echo \"${kind#port+}\")\" \"$cur\" ;;\n"
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
"\t\t\t# \"dest vlan VID\": the value is \"vlan\", VID follows\n"
"\t\t\tif [[ $kind == *+* && ${COMP_WORDS[i]} == \"${kind#*+}\" ]]; then\n"
"\t\t\t\t(( i + 1 == COMP_CWORD )) && return\n"
"\t\t\t\t((i++))\n"
"\t\t\tfi\n"
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

int cmd_completion(int argc, char **argv, const struct cmd *c)
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
	for (i = 0; i < n_glctl_cmds; i++)
		printf("%s%s", i ? " " : "", glctl_cmds[i]->name);
	printf("\"\n");
	for (i = 0; i < n_glctl_cmds; i++) {
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

