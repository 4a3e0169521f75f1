# src/net: the one module that drives libcurl multi on libevent, and the poller.
noinst_LIBRARIES += librelnet.a
librelnet_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS)
librelnet_a_SOURCES = \
	src/net/net.c src/net/net.h \
	src/net/poller.c src/net/poller.h
# One way to build a request to a source (polls and actions).
librelnet_a_SOURCES += src/net/source_request.c src/net/source_request.h
# Credentials of kubeconfig sources: exec plugins, client certificates.
librelnet_a_CPPFLAGS += $(YAML_CFLAGS)
librelnet_a_SOURCES += src/net/kubeauth.c src/net/kubeauth.h \
	src/net/execrun.c src/net/execrun.h
# Exposures: Unleash client metrics, a few flags a poll.
librelnet_a_SOURCES += src/net/expo_poll.c src/net/expo_poll.h
# Kubernetes watch: long-lived streams after one list.
librelnet_a_SOURCES += src/net/watch.c src/net/watch.h
