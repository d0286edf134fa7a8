package notify_test

import (
	"context"
	"net/mail"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/notify/notifytest"
)

// Mail goes out over STARTTLS, TLS from the start, or plain TCP, logs in
// when configured, and arrives with its Chinese subject, names and body
// intact.
func TestEmail(t *testing.T) {
	for _, mode := range []notifytest.Mode{notifytest.StartTLS, notifytest.TLS, notifytest.Plain} {
		t.Run(string(mode), func(t *testing.T) {
			srv := notifytest.Start(t, mode)
			srv.User, srv.Password = "duchashi", "s3cret-pass"
			cfg := notify.Config{Host: srv.Host, Port: srv.Port, Security: string(mode), Username: "duchashi", Password: "s3cret-pass",
				From: "区督查室 <duchashi@example.gov.cn>"}
			s, err := notify.NewSender(domain.ChannelEmail, cfg, notify.Options{RootCAs: srv.RootCAs, Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			e := envelope
			e.Subject = "督办提醒：老旧小区改造\r\nBcc: evil@example.com"
			e.Body = "请于7月20日前反馈办理情况。\n第二行"
			if err := s.Send(context.Background(), e); err != nil {
				t.Fatal(err)
			}
			ms := srv.Mails()
			if len(ms) != 1 {
				t.Fatalf("%d mails", len(ms))
			}
			m := ms[0]
			if m.Auth != "duchashi:s3cret-pass" || m.TLS != (mode != notifytest.Plain) {
				t.Errorf("auth %q tls %v", m.Auth, m.TLS)
			}
			if m.From != "duchashi@example.gov.cn" || len(m.To) != 1 || m.To[0] != "zhang@example.gov.cn" {
				t.Errorf("envelope %s → %v", m.From, m.To)
			}
			// The line break in the subject did not become a header.
			if m.Subject != "督办提醒：老旧小区改造 Bcc: evil@example.com" || m.Header.Get("Bcc") != "" {
				t.Errorf("subject %q, bcc %q", m.Subject, m.Header.Get("Bcc"))
			}
			from, err := mail.ParseAddress(m.Header.Get("From"))
			if err != nil || from.Name != "区督查室" || from.Address != "duchashi@example.gov.cn" {
				t.Errorf("From %q: %v %v", m.Header.Get("From"), from, err)
			}
			to, err := mail.ParseAddress(m.Header.Get("To"))
			if err != nil || to.Name != "张联络" {
				t.Errorf("To %q: %v %v", m.Header.Get("To"), to, err)
			}
			if m.Body != "请于7月20日前反馈办理情况。\n第二行\n\nhttps://luoshi.example.gov.cn/cases/17" {
				t.Errorf("body %q", m.Body)
			}
			if m.Header.Get("Date") != "Sat, 15 Jul 2023 09:00:00 +0800" || !strings.HasSuffix(m.Header.Get("Message-Id"), "@example.gov.cn>") {
				t.Errorf("headers %v", m.Header)
			}
		})
	}
}

func TestEmailFailures(t *testing.T) {
	srv := notifytest.Start(t, notifytest.StartTLS)
	srv.User, srv.Password = "duchashi", "right"
	base := notify.Config{Host: srv.Host, Port: srv.Port, Security: notify.SecurityStartTLS, Username: "duchashi", Password: "wrong",
		From: "duchashi@example.gov.cn"}
	send := func(c notify.Config, o notify.Options, e notify.Envelope) error {
		s, err := notify.NewSender(domain.ChannelEmail, c, o)
		if err != nil {
			t.Fatal(err)
		}
		return s.Send(context.Background(), e)
	}
	if err := send(base, notify.Options{RootCAs: srv.RootCAs}, envelope); err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("wrong password: %v", err)
	}
	// An untrusted certificate is refused.
	base.Password = "right"
	if err := send(base, notify.Options{}, envelope); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("untrusted certificate: %v", err)
	}
	// A server without STARTTLS is refused rather than sent the password in clear.
	plain := notifytest.Start(t, notifytest.Plain)
	c := base
	c.Port = plain.Port
	if err := send(c, notify.Options{}, envelope); err == nil || !strings.Contains(err.Error(), "does not offer STARTTLS") || len(plain.Mails()) != 0 {
		t.Errorf("no STARTTLS: %v", err)
	}
	srv.Reject = "550 no such user"
	if err := send(base, notify.Options{RootCAs: srv.RootCAs}, envelope); err == nil || !strings.Contains(err.Error(), "550") {
		t.Errorf("rejected recipient: %v", err)
	}
	e := envelope
	e.To.Email = "not an address"
	if err := send(base, notify.Options{RootCAs: srv.RootCAs}, e); err == nil {
		t.Error("sent to a bad address")
	}
}
