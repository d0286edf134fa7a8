// Package notify holds what notifications are made of and the channels
// that carry them out of the system: e-mail over SMTP, the group robots of
// DingTalk, WeCom and Feishu, and the server log. Enqueueing, preferences
// and delivery bookkeeping live in the service (service.Notify); this
// package only formats and sends.
package notify

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/luoshi/luoshi/internal/domain"
)

// Message is a notification to enqueue with service.Notify.
type Message struct {
	// To is the recipient account.
	To domain.ID
	// Kind names the event ("case.assigned", "case.urge"); digests group
	// by it and show the catalog's "notify.kind.<kind>" as its name.
	Kind string
	// Subject is one line; Body the details (plain text).
	Subject string
	Body    string
	// Link is a path in the web UI ("/cases/17"); channels outside the
	// browser get it made absolute with the configured site address.
	Link string
	// Key identifies the event for this recipient: a second message with
	// the same key for the same recipient is dropped, so the same event
	// never notifies twice ("case:17:urge:2023-07-15").
	Key string
}

// Limits of a message's parts, in characters.
const (
	MaxSubject = 200
	MaxBody    = 4000
	MaxLink    = 500
	MaxKey     = 200
)

// Validate reports what is wrong with a message, for the programmer who
// built it (these are not user input).
func (m Message) Validate() error {
	var errs []string
	if m.To == 0 {
		errs = append(errs, "no recipient")
	}
	if m.Kind == "" {
		errs = append(errs, "no kind")
	}
	if strings.TrimSpace(m.Subject) == "" {
		errs = append(errs, "no subject")
	}
	if m.Key == "" {
		errs = append(errs, "no dedupe key")
	}
	if utf8.RuneCountInString(m.Subject) > MaxSubject || utf8.RuneCountInString(m.Body) > MaxBody ||
		len(m.Link) > MaxLink || len(m.Key) > MaxKey {
		errs = append(errs, "too long")
	}
	if m.Link != "" && (!strings.HasPrefix(m.Link, "/") || strings.HasPrefix(m.Link, "//")) {
		errs = append(errs, "link must be a path in the site")
	}
	if len(errs) > 0 {
		return errors.New("notify: message " + m.Key + ": " + strings.Join(errs, ", "))
	}
	return nil
}

// Recipient is where a message goes: a person's name and addresses.
type Recipient struct {
	Name  string
	Email string
	Phone string
}

// Envelope is one message on its way out of the system.
type Envelope struct {
	To      Recipient
	Subject string
	Body    string
	// Link is absolute (or empty).
	Link string
}

// Sender sends envelopes on one channel.
type Sender interface {
	Send(ctx context.Context, e Envelope) error
}

// oneLine keeps a subject on one line (a line break in a mail header
// would start another header).
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
