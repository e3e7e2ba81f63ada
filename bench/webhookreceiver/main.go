// Command webhookreceiver is a local webhook endpoint for the benchmarks,
// run as a process of its own so that the receiving side's CPU time is
// not the measured process's: it answers every POST with 204 and counts
// them, GET /count returns the count, and it prints its base URL on
// stdout once it listens.
//
//	go run ./bench/webhookreceiver -addr 127.0.0.1:0
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, newHandler()))
}

// newHandler counts the POSTs it answers and reports the count on GET /count.
func newHandler() http.Handler {
	var got atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/count" {
			_, _ = io.WriteString(w, strconv.FormatInt(got.Load(), 10))
			return
		}
		_, _ = io.Copy(io.Discard, r.Body)
		got.Add(1)
		w.WriteHeader(http.StatusNoContent)
	})
}
