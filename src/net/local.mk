# src/net: the one module that drives libcurl multi on libevent, and the poller.
noinst_LIBRARIES += librelnet.a
librelnet_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS)
librelnet_a_SOURCES = \
	src/net/net.c src/net/net.h \
	src/net/poller.c src/net/poller.h
# Kubernetes watch: long-lived streams after one list.
librelnet_a_SOURCES += src/net/watch.c src/net/watch.h
