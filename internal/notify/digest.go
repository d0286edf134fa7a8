package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/i18n"
)

// Digest gathers a day's notifications into one message: a subject with
// the count, and a body grouped by kind (in order of first appearance),
// each item with its time, subject and link. base makes links absolute.
func Digest(p *i18n.Printer, day string, items []domain.Notification, base string, loc *time.Location) (subject, body string) {
	subject = p.T("notify.digest.subject", day, len(items))
	var order []string
	groups := map[string][]domain.Notification{}
	for _, n := range items {
		if _, ok := groups[n.Kind]; !ok {
			order = append(order, n.Kind)
		}
		groups[n.Kind] = append(groups[n.Kind], n)
	}
	var b strings.Builder
	b.WriteString(p.T("notify.digest.lead", len(items)))
	for _, kind := range order {
		ns := groups[kind]
		fmt.Fprintf(&b, "\n\n%s", p.T("notify.digest.group", KindName(p, kind), len(ns)))
		for _, n := range ns {
			fmt.Fprintf(&b, "\n· %s %s", n.CreatedAt.In(loc).Format("01-02 15:04"), oneLine(n.Subject))
			if n.Link != "" {
				b.WriteString("  " + Absolute(base, n.Link))
			}
		}
	}
	return subject, b.String()
}

// KindName is a kind's name from the catalog ("notify.kind.<kind>"), or
// the kind itself.
func KindName(p *i18n.Printer, kind string) string {
	if key := "notify.kind." + kind; p.Has(key) {
		return p.T(key)
	}
	return kind
}

// Absolute makes a site path absolute with the site's address; without
// one configured the path stays as it is.
func Absolute(base, link string) string {
	if link == "" || base == "" || !strings.HasPrefix(link, "/") {
		return link
	}
	return strings.TrimRight(base, "/") + link
}
