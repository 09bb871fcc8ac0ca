// SPDX-License-Identifier: GPL-2.0
/*
 * glctl promisc PORT [on|off], through the ioctls of /dev/guestlan
 * (uapi/linux/guestlan.h): no netlink, and the owner of the port's grant
 * needs no CAP_NET_ADMIN.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include <linux/guestlan.h>

#include "glctl.h"
#include "json.h"
#include "model.h"
#include "names.h"

#define GL_DEV_PATH	"/dev/guestlan"

/*
 * Show: "tap1: promisc requested (no grant) granted no"
 * JSON: {"ifname","ifindex","on","state","granted"}
 */
static int cmd_promisc(int argc, char **argv, const struct cmd *c)
{
	struct guestlan_promisc req;
	const char *dev, *state, *hint = "";
	char what[64], st[24];
	int set = -1, fd, err;

	help_arg(argc, argv);
	dev = take_dev(&argc, &argv, true, c->what);
	if (argc) {
		if (is(*argv, "on"))
			set = 1;
		else if (is(*argv, "off"))
			set = 0;
		else
			usage_err("promisc: expected \"on\" or \"off\", not \"%s\"",
				  *argv);
		argc--;
		argv++;
	}
	no_more_args(argc, argv, c->what);

	memset(&req, 0, sizeof(req));
	req.ifindex = dev_index(dev);
	if (set >= 0)
		snprintf(what, sizeof(what), "promisc %s %s",
			 set ? "on" : "off", dev);
	else
		snprintf(what, sizeof(what), "promisc %s", dev);

	fd = open(GL_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		die("%s: %s: %s%s", what, GL_DEV_PATH, strerror(err),
		    err == ENOENT ? " (guestlan module not loaded?)" : "");
	}
	req.on = set > 0;
	if (ioctl(fd, set >= 0 ? GUESTLAN_IOC_SET_PROMISC :
		  GUESTLAN_IOC_GET_PROMISC, &req) < 0) {
		err = errno;
		if (err == ENOTTY)
			die("%s: not a guestlan port", what);
		if (err == EPERM)
			hint = " (no grant, or not the grant's owner)";
		die("%s: %s%s", what, strerror(err), hint);
	}
	close(fd);
	if (set >= 0)
		return 0;

	state = ENUM_STR(gl_promisc_state_names, req.state, st);
	if (json) {
		json_obj_open(NULL);
		json_str("ifname", dev);
		json_u64("ifindex", req.ifindex);
		json_bool("on", req.on);
		json_str("state", state);
		json_bool("granted", req.granted);
		json_close();
		return 0;
	}
	printf("%s: promisc %s%s granted %s\n", dev, state,
	       req.state == GUESTLAN_PROMISC_STATE_REQUESTED ?
	       " (no grant)" : "", req.granted ? "yes" : "no");
	return 0;
}

const struct cmd promisc_cmd = {
	.name = "promisc", .fn = cmd_promisc,
	.synopsis = "[-j] [-p] promisc PORT [on | off]",
	.what = "promisc", .dev = DEV_REQUIRED, .dev_is_port = true,
	.complete = "on off",
};
