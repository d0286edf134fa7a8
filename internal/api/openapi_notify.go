package api

import (
	"net/http"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// notifyOperations describes the notification and job routes of routes.go.
func notifyOperations(limitParam, offsetParam param) []operation {
	channelDesc := "The channel: email, dingtalk, wecom or feishu."
	return []operation{
		{pattern: "GET /api/v1/me/notifications", id: "listNotifications", tag: "notifications", summary: "The caller's inbox, newest first",
			query:  []param{qp("unread", "boolean", "only unread notifications"), qp("limit", "integer", "page size, 1–500 (default 50)"), offsetParam},
			status: http.StatusOK, resp: typeOf[service.InboxPage](),
			description: "total counts the notifications the filter matches; unread counts all the caller's unread ones."},
		{pattern: "GET /api/v1/me/notifications/unread-count", id: "unreadCount", tag: "notifications", summary: "How many of the caller's notifications are unread",
			status: http.StatusOK, resp: typeOf[unreadView]()},
		{pattern: "POST /api/v1/me/notifications/{id}/read", id: "markRead", tag: "notifications", summary: "Mark one of the caller's notifications read",
			status: http.StatusOK, resp: typeOf[domain.Notification](), description: "Another account's notification is not found (404)."},
		{pattern: "POST /api/v1/me/notifications/read-all", id: "markAllRead", tag: "notifications", summary: "Mark all the caller's notifications read",
			status: http.StatusOK, resp: typeOf[markedView]()},
		{pattern: "GET /api/v1/me/notification-preferences", id: "getNotifyPrefs", tag: "notifications", summary: "The caller's channels and digest choice",
			status: http.StatusOK, resp: typeOf[service.PrefsView](),
			description: "Until the caller saves a choice, every enabled channel is used (e-mail only with an address), each notification at once."},
		{pattern: "PUT /api/v1/me/notification-preferences", id: "putNotifyPrefs", tag: "notifications", summary: "Choose channels, and at once or a daily digest",
			body: typeOf[prefsInput](), status: http.StatusOK, resp: typeOf[service.PrefsView]()},

		{pattern: "GET /api/v1/notification-settings", id: "getNotifySettings", tag: "notifications", summary: "Notification channels and settings (system admin)",
			status: http.StatusOK, resp: typeOf[service.NotifyAdminView](),
			description: "Secrets (the SMTP password, robot webhooks, signing secrets) are never returned: *_set says whether each is stored."},
		{pattern: "PUT /api/v1/notification-settings", id: "putNotifySettings", tag: "notifications", summary: "Set the digest hour and the site address (system admin)",
			body: typeOf[service.NotifySettings](), status: http.StatusOK, resp: typeOf[service.NotifyAdminView]()},
		{pattern: "PUT /api/v1/notification-settings/channels/{channel}", id: "putChannel", tag: "notifications", summary: "Configure and enable or disable a channel (system admin)",
			body: typeOf[service.ChannelInput](), status: http.StatusOK, resp: typeOf[service.ChannelView](),
			description: channelDesc + " A secret left empty keeps the stored one; clear lists secrets to remove. Enabling checks that the settings can work (422 naming the field)."},
		{pattern: "POST /api/v1/notification-settings/channels/{channel}/test", id: "testChannel", tag: "notifications", summary: "Send a test message on a channel (system admin)",
			body: typeOf[testInput](), optionalBody: true, status: http.StatusOK, resp: typeOf[testView](),
			description: channelDesc + " Uses the stored settings, enabled or not. A failure is 422 with the channel's own answer in the message."},
		{pattern: "GET /api/v1/notification-deliveries", id: "listDeliveries", tag: "notifications", summary: "Messages sent or waiting on the channels, newest first (system admin)",
			query: []param{{name: "state", typ: "string", desc: "only this state", enum: strs(store.DeliveryStates...)}, qp("account", "integer", "recipient account ID"),
				limitParam, offsetParam},
			status: http.StatusOK, resp: typeOf[service.DeliveryEntry](), list: true},
		{pattern: "POST /api/v1/notification-deliveries/{id}/retry", id: "retryDelivery", tag: "notifications", summary: "Send a failed message again (system admin)",
			status: http.StatusOK, resp: typeOf[store.Delivery]()},
		{pattern: "GET /api/v1/jobs", id: "listJobs", tag: "jobs", summary: "Background jobs, newest first, and the recurring schedules (system admin)",
			query: []param{{name: "state", typ: "string", desc: "only this state", enum: strs(store.JobStates...)}, qp("kind", "string", "only this kind"),
				limitParam, offsetParam},
			status: http.StatusOK, resp: typeOf[jobsPage]()},
		{pattern: "POST /api/v1/jobs/{id}/retry", id: "retryJob", tag: "jobs", summary: "Run a failed job again (system admin)",
			status: http.StatusOK, resp: typeOf[store.Job]()},
	}
}
