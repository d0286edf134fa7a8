package notify_test

import (
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
)

func TestConfigCheck(t *testing.T) {
	mail := notify.Config{Host: "smtp.example.gov.cn", From: "督查室 <dc@example.gov.cn>"}
	cases := []struct {
		name  string
		ch    domain.Channel
		c     notify.Config
		field string
	}{
		{"mail with defaults", domain.ChannelEmail, mail, ""},
		{"mail without host", domain.ChannelEmail, notify.Config{From: "dc@example.gov.cn"}, "host"},
		{"mail host with a port", domain.ChannelEmail, notify.Config{Host: "smtp.example.gov.cn:25", From: "dc@example.gov.cn"}, "host"},
		{"mail with a bad port", domain.ChannelEmail, notify.Config{Host: "smtp", Port: 70000, From: "dc@example.gov.cn"}, "port"},
		{"mail with a bad security", domain.ChannelEmail, notify.Config{Host: "smtp", Security: "ssl3", From: "dc@example.gov.cn"}, "security"},
		{"mail without sender", domain.ChannelEmail, notify.Config{Host: "smtp"}, "from"},
		{"mail with a bad sender", domain.ChannelEmail, notify.Config{Host: "smtp", From: "督查室"}, "from"},
		{"mail user without password", domain.ChannelEmail, notify.Config{Host: "smtp", From: "dc@x.cn", Username: "dc"}, "password"},
		{"dingtalk", domain.ChannelDingTalk, notify.Config{Webhook: "https://oapi.dingtalk.com/robot/send?access_token=x"}, ""},
		{"dingtalk without webhook", domain.ChannelDingTalk, notify.Config{}, "webhook"},
		{"wecom with a bad webhook", domain.ChannelWeCom, notify.Config{Webhook: "qyapi.weixin.qq.com/cgi-bin/webhook/send"}, "webhook"},
		{"feishu over ftp", domain.ChannelFeishu, notify.Config{Webhook: "ftp://open.feishu.cn/x"}, "webhook"},
		{"the log is not configured", domain.ChannelLog, notify.Config{}, "channel"},
	}
	for _, c := range cases {
		p := c.c.Normalize(c.ch).Check(c.ch)
		got := ""
		if p != nil {
			got = p.Field
		}
		if got != c.field {
			t.Errorf("%s: problem with %q, want %q", c.name, got, c.field)
		}
	}
	n := mail.Normalize(domain.ChannelEmail)
	if n.Security != notify.SecurityStartTLS || n.Port != 587 {
		t.Errorf("defaults: %+v", n)
	}
	if n := (notify.Config{Host: "h", Security: "TLS"}).Normalize(domain.ChannelEmail); n.Port != 465 || n.Security != "tls" {
		t.Errorf("tls default port: %+v", n)
	}
	// A robot keeps only its own fields.
	if n := (notify.Config{Host: "h", Password: "p", Webhook: "https://x/y", Secret: "s"}).Normalize(domain.ChannelWeCom); n.Host != "" || n.Password != "" || n.Secret != "" || n.Webhook == "" {
		t.Errorf("wecom fields: %+v", n)
	}
}

// Secrets are never shown, and a form that leaves them empty keeps them.
func TestConfigSecrets(t *testing.T) {
	old := notify.Config{Host: "smtp", Password: "pw", Webhook: "https://oapi.dingtalk.com/robot/send?access_token=tok", Secret: "sec"}
	pub := old.Public()
	if pub.Password != "" || pub.Secret != "" || pub.Webhook != "https://oapi.dingtalk.com/…" {
		t.Errorf("public %+v", pub)
	}
	if s := old.Secrets(); !s["password"] || !s["webhook"] || !s["secret"] {
		t.Errorf("secrets %v", s)
	}
	m := notify.Config{Host: "smtp2"}.Merge(old)
	if m.Password != "pw" || m.Secret != "sec" || m.Webhook != old.Webhook || m.Host != "smtp2" {
		t.Errorf("merge %+v", m)
	}
	if m := (notify.Config{Password: "new"}).Merge(old); m.Password != "new" {
		t.Errorf("a new secret replaces the old: %+v", m)
	}
}

func TestMessageValidate(t *testing.T) {
	ok := notify.Message{To: 7, Kind: "case.urge", Subject: "催办", Key: "case:17:urge", Link: "/cases/17"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]notify.Message{
		"no recipient":  {Kind: "k", Subject: "s", Key: "k"},
		"no kind":       {To: 1, Subject: "s", Key: "k"},
		"no subject":    {To: 1, Kind: "k", Subject: "  ", Key: "k"},
		"no key":        {To: 1, Kind: "k", Subject: "s"},
		"external link": {To: 1, Kind: "k", Subject: "s", Key: "k", Link: "https://evil.example.com/"},
		"protocol link": {To: 1, Kind: "k", Subject: "s", Key: "k", Link: "//evil.example.com/"},
	} {
		if m.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
