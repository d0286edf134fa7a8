package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// Config is a channel's settings, as the sysadmin enters them. E-mail uses
// the SMTP fields, the robots the webhook fields.
type Config struct {
	// Host and Port of the SMTP server; Security is starttls (port 587 by
	// default), tls (implicit TLS, 465) or none (25: an intranet relay).
	Host     string `json:"host,omitempty"`
	Port     int    `json:"port,omitempty"`
	Security string `json:"security,omitempty"`
	Username string `json:"username,omitempty"`
	// Password is a secret: stored, never shown.
	Password string `json:"password,omitempty"`
	// From is the sender: "督查室 <duchashi@example.gov.cn>".
	From string `json:"from,omitempty"`

	// Webhook is the robot's address; it carries the robot's token, so it
	// is a secret too.
	Webhook string `json:"webhook,omitempty"`
	// Secret is the signing secret (DingTalk 加签, Feishu 签名校验).
	Secret string `json:"secret,omitempty"`
}

// SMTP security modes.
const (
	SecurityStartTLS = "starttls"
	SecurityTLS      = "tls"
	SecurityNone     = "none"
)

// Secrets lists which secrets are set, for views that must not show them.
func (c Config) Secrets() map[string]bool {
	return map[string]bool{"password": c.Password != "", "webhook": c.Webhook != "", "secret": c.Secret != ""}
}

// Public returns c without its secrets, the webhook reduced to its host.
func (c Config) Public() Config {
	out := c
	out.Password, out.Secret = "", ""
	out.Webhook = ""
	if u, err := url.Parse(c.Webhook); err == nil && u.Host != "" {
		out.Webhook = u.Scheme + "://" + u.Host + "/…"
	}
	return out
}

// Merge returns c with the secrets left empty taken from old: a form that
// does not show secrets leaves them as they were.
func (c Config) Merge(old Config) Config {
	if c.Password == "" {
		c.Password = old.Password
	}
	if c.Webhook == "" {
		c.Webhook = old.Webhook
	}
	if c.Secret == "" {
		c.Secret = old.Secret
	}
	return c
}

// Normalize trims the fields and fills defaults.
func (c Config) Normalize(ch domain.Channel) Config {
	c.Host, c.Username, c.From = strings.TrimSpace(c.Host), strings.TrimSpace(c.Username), strings.TrimSpace(c.From)
	c.Webhook, c.Secret = strings.TrimSpace(c.Webhook), strings.TrimSpace(c.Secret)
	c.Security = strings.ToLower(strings.TrimSpace(c.Security))
	if ch == domain.ChannelEmail {
		if c.Security == "" {
			c.Security = SecurityStartTLS
		}
		if c.Port == 0 {
			c.Port = map[string]int{SecurityStartTLS: 587, SecurityTLS: 465, SecurityNone: 25}[c.Security]
		}
	} else {
		c.Host, c.Port, c.Security, c.Username, c.Password, c.From = "", 0, "", "", "", ""
	}
	if ch == domain.ChannelWeCom || ch == domain.ChannelEmail {
		c.Secret = ""
	}
	if ch == domain.ChannelEmail {
		c.Webhook = ""
	}
	return c
}

// Problem is a field of a channel's settings that cannot work, with the
// catalog key of the message and its argument.
type Problem struct {
	Field string
	Key   string
}

// Check returns the first problem with settings meant to be enabled.
func (c Config) Check(ch domain.Channel) *Problem {
	switch ch {
	case domain.ChannelEmail:
		if c.Host == "" || strings.ContainsAny(c.Host, " /:") {
			return &Problem{"host", "err.notify.host"}
		}
		if c.Security != SecurityStartTLS && c.Security != SecurityTLS && c.Security != SecurityNone {
			return &Problem{"security", "err.notify.security"}
		}
		if c.Port < 1 || c.Port > 65535 {
			return &Problem{"port", "err.notify.port"}
		}
		if _, err := mail.ParseAddress(c.From); err != nil {
			return &Problem{"from", "err.notify.from"}
		}
		if c.Username != "" && c.Password == "" {
			return &Problem{"password", "err.notify.password"}
		}
	case domain.ChannelDingTalk, domain.ChannelWeCom, domain.ChannelFeishu:
		u, err := url.Parse(c.Webhook)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return &Problem{"webhook", "err.notify.webhook"}
		}
	default:
		return &Problem{"channel", "err.notify.channel"}
	}
	return nil
}

// Options are what senders need besides their settings.
type Options struct {
	// HTTP posts to the robots (default: a client with a 15-second timeout).
	HTTP *http.Client
	// RootCAs, when set, are the CAs trusted for SMTP over TLS (a private
	// CA; tests). Default: the system's.
	RootCAs *x509.CertPool
	// Now is the wall clock the robots' signatures need (default
	// time.Now; never a pinned clock: the platforms check it).
	Now    func() time.Time
	Logger *slog.Logger
}

func (o Options) defaults() Options {
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 15 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// NewSender returns the sender of a channel with settings c.
func NewSender(ch domain.Channel, c Config, o Options) (Sender, error) {
	o = o.defaults()
	if ch == domain.ChannelLog {
		return &logSender{log: o.Logger}, nil
	}
	if p := c.Check(ch); p != nil {
		return nil, fmt.Errorf("%s settings: %s is not usable", ch, p.Field)
	}
	switch ch {
	case domain.ChannelEmail:
		from, _ := mail.ParseAddress(c.From)
		return &smtpSender{cfg: c, from: from, tls: &tls.Config{ServerName: c.Host, RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12}, now: o.Now}, nil
	case domain.ChannelDingTalk:
		return &dingTalk{webhook: c.Webhook, secret: c.Secret, http: o.HTTP, now: o.Now}, nil
	case domain.ChannelWeCom:
		return &weCom{webhook: c.Webhook, http: o.HTTP}, nil
	case domain.ChannelFeishu:
		return &feishu{webhook: c.Webhook, secret: c.Secret, http: o.HTTP, now: o.Now}, nil
	}
	return nil, fmt.Errorf("unknown channel %q", ch)
}

// logSender writes messages to the server log: the channel of a fresh
// installation, so that nothing is lost silently before a sysadmin
// configures a real one.
type logSender struct{ log *slog.Logger }

func (l *logSender) Send(ctx context.Context, e Envelope) error {
	l.log.InfoContext(ctx, "notification", "to", e.To.Name, "subject", e.Subject, "link", e.Link, "body", clip(e.Body, 500))
	return nil
}
