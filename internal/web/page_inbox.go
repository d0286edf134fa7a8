package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/notify"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// inboxPageSize is how many notifications a page of the inbox shows.
const inboxPageSize = 30

type inboxData struct {
	Rows       []noticeRow
	Total      int
	Unread     int
	UnreadOnly bool
	Pager      pager
}

type noticeRow struct {
	N    domain.Notification
	Kind string
	At   string
}

// unread is the viewer's unread count for the menu: one indexed count.
func (h *handler) unread(r *http.Request, p *service.Principal) int {
	if p == nil || p.System {
		return 0
	}
	n, err := h.svc.UnreadCount(r.Context(), p)
	if err != nil {
		h.log.Warn("unread count", "err", err)
		return 0
	}
	return n
}

func (h *handler) inboxPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	pr := reqCtx(r).p
	page, _ := strconv.Atoi(r.FormValue("page"))
	page = max(page, 1)
	unreadOnly := r.FormValue("unread") == "1"
	box, err := h.svc.Inbox(r.Context(), p, store.NotificationFilter{UnreadOnly: unreadOnly, Limit: inboxPageSize, Offset: (page - 1) * inboxPageSize})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &inboxData{Total: box.Total, Unread: box.Unread, UnreadOnly: unreadOnly}
	loc := h.svc.Location()
	for _, n := range box.Items {
		d.Rows = append(d.Rows, noticeRow{N: n, Kind: notify.KindName(pr, n.Kind), At: n.CreatedAt.In(loc).Format("2006-01-02 15:04")})
	}
	d.Pager, _, _ = newPager(r.URL.Query(), box.Total, inboxPageSize)
	h.render(w, r, http.StatusOK, "inbox", &Page{Title: pr.T("web.inbox.title"), Nav: "inbox", Data: d})
}

// inboxRead marks one notification read and goes back to the inbox.
func (h *handler) inboxRead(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	if _, err := h.svc.MarkRead(r.Context(), p, idParam(r, "id")); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/inbox"+backQuery(r), reqCtx(r).p.T("web.inbox.marked_one"))
}

// inboxOpen marks a notification read and follows its link.
func (h *handler) inboxOpen(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	n, err := h.svc.MarkRead(r.Context(), p, idParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	to := "/inbox"
	if n.Link != "" {
		to = safeNext(n.Link)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (h *handler) inboxReadAll(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	n, err := h.svc.MarkAllRead(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/inbox", reqCtx(r).p.T("web.inbox.marked", n))
}

// backQuery keeps the inbox's filter and page across a form post.
func backQuery(r *http.Request) string {
	q := buildQuery("unread", r.FormValue("unread"), "page", r.FormValue("page"))
	if q == "" {
		return ""
	}
	return "?" + q
}

type prefsData struct {
	V        *service.PrefsView
	Channels []prefsChannel
}

type prefsChannel struct {
	C      domain.Channel
	On     bool
	Usable bool
}

func (h *handler) notifyPrefsPage(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	h.showPrefs(w, r, p, nil)
}

func (h *handler) showPrefs(w http.ResponseWriter, r *http.Request, p *service.Principal, ferr error) {
	v, err := h.svc.NotifyPrefs(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &prefsData{V: v}
	for _, ch := range v.Available {
		d.Channels = append(d.Channels, prefsChannel{C: ch, On: slices.Contains(v.Channels, ch), Usable: ch != domain.ChannelEmail || v.HasEmail})
	}
	pg := &Page{Title: reqCtx(r).p.T("web.notifyprefs.title"), Data: d}
	code := http.StatusOK
	if ferr != nil {
		pg.Error, pg.ErrorField, code = domain.ErrorMessage(ferr), fieldOf(ferr), statusOf(ferr)
	}
	h.render(w, r, code, "notify_prefs", pg)
}

func (h *handler) notifyPrefsSave(w http.ResponseWriter, r *http.Request, p *service.Principal) {
	in := domain.NotifyPrefs{Digest: r.FormValue("digest") == "1"}
	for _, c := range r.Form["channel"] {
		in.Channels = append(in.Channels, domain.Channel(c))
	}
	if _, err := h.svc.SetNotifyPrefs(r.Context(), p, in); err != nil {
		if k := domain.ErrorKind(err); k == domain.KindInternal || k == domain.KindForbidden {
			h.fail(w, r, err)
			return
		}
		h.showPrefs(w, r, p, err)
		return
	}
	redirect(w, r, "/me/notify", reqCtx(r).p.T("web.saved"))
}
