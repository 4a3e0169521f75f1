# tests/notify.mk - announcements to webhooks (config "notify") and the
# journal view's event log from the flag service.
TESTS += \
	tests/integration/notify_sim.sh \
	tests/integration/notify_real.sh
EXTRA_DIST += \
	tests/integration/flag_target.sh \
	tests/integration/notify_actions.sh \
	tests/integration/notify_sim.sh \
	tests/integration/notify_real.sh \
	tests/webhook_receiver.py
