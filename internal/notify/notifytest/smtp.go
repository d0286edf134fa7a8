// Package notifytest has a small SMTP server for tests: it speaks enough of
// the protocol for net/smtp (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA,
// QUIT), over plain TCP, STARTTLS or TLS from the start, and keeps what it
// receives, decoded.
package notifytest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

// Mode is how the server secures connections.
type Mode string

const (
	Plain    Mode = "none"     // no TLS
	StartTLS Mode = "starttls" // offers STARTTLS and requires it before AUTH
	TLS      Mode = "tls"      // TLS from the first byte
)

// Mail is one received message, decoded.
type Mail struct {
	Auth     string // "user:password" of AUTH PLAIN, or ""
	TLS      bool   // whether the message came over TLS
	From     string // envelope sender
	To       []string
	Header   mail.Header
	Subject  string // decoded from RFC 2047
	Body     string // decoded from base64
	Raw      string
	Received time.Time
}

// SMTP is a running fake server.
type SMTP struct {
	Host string
	Port int
	// RootCAs trusts the server's certificate.
	RootCAs *x509.CertPool
	// User and Password, when User is set, are the only credentials accepted.
	User, Password string
	// Reject, when set, refuses every RCPT with this reply ("550 no such user").
	Reject string

	mode Mode
	ln   net.Listener
	cert tls.Certificate
	mu   sync.Mutex
	mail []Mail
	t    testing.TB
}

// Start runs a server on 127.0.0.1 until the test ends.
func Start(t testing.TB, mode Mode) *SMTP {
	t.Helper()
	s := &SMTP{mode: mode, t: t}
	s.cert, s.RootCAs = selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.ln = ln
	addr := ln.Addr().(*net.TCPAddr)
	s.Host, s.Port = "127.0.0.1", addr.Port
	t.Cleanup(func() { ln.Close() })
	go s.serve()
	return s
}

// Mails returns what the server received so far.
func (s *SMTP) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

func (s *SMTP) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

func (s *SMTP) session(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	secure := false
	if s.mode == TLS {
		tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{s.cert}})
		if err := tc.Handshake(); err != nil {
			return
		}
		c, secure = tc, true
	}
	r := bufio.NewReader(c)
	reply := func(lines ...string) { io.WriteString(c, strings.Join(lines, "\r\n")+"\r\n") }
	reply("220 fake.smtp ESMTP ready")
	var m Mail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			ext := []string{"250-fake.smtp", "250-8BITMIME"}
			if s.mode == StartTLS && !secure {
				ext = append(ext, "250-STARTTLS")
			}
			reply(append(ext, "250 AUTH PLAIN")...)
		case "STARTTLS":
			if s.mode != StartTLS || secure {
				reply("503 not now")
				continue
			}
			reply("220 go ahead")
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{s.cert}})
			if err := tc.Handshake(); err != nil {
				return
			}
			c, secure, r = tc, true, bufio.NewReader(tc)
		case "AUTH":
			if s.mode == StartTLS && !secure {
				reply("530 must issue STARTTLS first")
				continue
			}
			parts := strings.Fields(line)
			if len(parts) != 3 || strings.ToUpper(parts[1]) != "PLAIN" {
				reply("504 only PLAIN")
				continue
			}
			raw, _ := base64.StdEncoding.DecodeString(parts[2])
			f := strings.Split(string(raw), "\x00")
			if len(f) != 3 || (s.User != "" && (f[1] != s.User || f[2] != s.Password)) {
				reply("535 authentication failed")
				continue
			}
			m.Auth = f[1] + ":" + f[2]
			reply("235 ok")
		case "MAIL":
			if s.User != "" && m.Auth == "" {
				reply("530 authentication required")
				continue
			}
			m.From = strings.Trim(strings.TrimPrefix(line[5:], "FROM:"), "<> ")
			if i := strings.Index(m.From, ">"); i >= 0 {
				m.From = m.From[:i]
			}
			reply("250 ok")
		case "RCPT":
			if s.Reject != "" {
				reply(s.Reject)
				continue
			}
			m.To = append(m.To, strings.Trim(strings.TrimPrefix(line[5:], "TO:"), "<> "))
			reply("250 ok")
		case "DATA":
			reply("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			m.Raw, m.TLS, m.Received = b.String(), secure, time.Now()
			s.decode(&m)
			s.mu.Lock()
			s.mail = append(s.mail, m)
			s.mu.Unlock()
			m = Mail{Auth: m.Auth}
			reply("250 queued")
		case "RSET", "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 unknown command")
		}
	}
}

func (s *SMTP) decode(m *Mail) {
	msg, err := mail.ReadMessage(strings.NewReader(m.Raw))
	if err != nil {
		s.t.Errorf("received mail does not parse: %v\n%s", err, m.Raw)
		return
	}
	m.Header = msg.Header
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		s.t.Errorf("subject: %v", err)
	}
	raw, _ := io.ReadAll(msg.Body)
	body, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
	if err != nil {
		s.t.Errorf("body is not base64: %v", err)
	}
	m.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fake.smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}
