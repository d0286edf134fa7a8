package domain

import "time"

// Notification is one message in a person's in-app inbox (消息). The same
// event never notifies a recipient twice: Key is unique per recipient.
type Notification struct {
	ID        ID        `json:"id"`
	AccountID ID        `json:"account_id"`
	Kind      string    `json:"kind"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body,omitempty"`
	Link      string    `json:"link,omitempty"`
	Key       string    `json:"key"`
	CreatedAt time.Time `json:"created_at"`
	ReadAt    time.Time `json:"read_at,omitzero"`
	// DigestPending is set while the notification waits for the
	// recipient's daily digest.
	DigestPending bool `json:"-"`
}

// Read reports whether the recipient has read it.
func (n *Notification) Read() bool { return !n.ReadAt.IsZero() }

// Channel is a way a notification leaves the system besides the inbox,
// which every notification reaches.
type Channel string

const (
	ChannelEmail    Channel = "email"    // 电子邮件 over SMTP
	ChannelDingTalk Channel = "dingtalk" // 钉钉群机器人
	ChannelWeCom    Channel = "wecom"    // 企业微信群机器人
	ChannelFeishu   Channel = "feishu"   // 飞书群机器人
	// ChannelLog writes to the server log; it is used when no other
	// channel is enabled, so a fresh installation loses nothing silently.
	ChannelLog Channel = "log"
)

// Channels lists the channels a sysadmin can configure, in display order.
var Channels = []Channel{ChannelEmail, ChannelDingTalk, ChannelWeCom, ChannelFeishu}

// Valid reports whether c is a configurable channel.
func (c Channel) Valid() bool {
	for _, v := range Channels {
		if v == c {
			return true
		}
	}
	return false
}

// NotifyPrefs are a person's choices: which channels besides the inbox,
// and whether to get each notification at once or one digest a day.
type NotifyPrefs struct {
	Channels []Channel `json:"channels"`
	Digest   bool      `json:"digest"`
}
