package app

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// startPprof serves the profiler on its own loopback listener, never on the
// application's address.
func (a *App) startPprof() error {
	host, _, err := net.SplitHostPort(a.Config.PprofAddr)
	if err != nil {
		return fmt.Errorf("LUOSHI_PPROF_ADDR: %w", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("LUOSHI_PPROF_ADDR must be a loopback address, not %q", host)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	ln, err := net.Listen("tcp", a.Config.PprofAddr)
	if err != nil {
		return fmt.Errorf("pprof listen: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	a.Log.Info("profiler listening", "addr", ln.Addr().String())
	return nil
}
