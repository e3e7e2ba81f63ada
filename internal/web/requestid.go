package web

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/observe"
)

// RequestIDHeader carries the request id in and out.
const RequestIDHeader = "X-Request-ID"

// keyRequestID is the request store key of the id.
const keyRequestID = "mb.requestId"

// maxRequestIDLen bounds an id accepted from a proxy, so it cannot bloat
// logs or smuggle anything but a token into them.
const maxRequestIDLen = 128

// requestID takes X-Request-ID from a trusted proxy when it is well formed,
// otherwise generates one; it is returned on every response (errors and
// redirects included, since it is set before anything else can answer).
func (s *Server) requestID(e *core.RequestEvent) error {
	id := ""
	if trusted, _ := e.Get(keyTrustedPeer).(bool); trusted {
		if v := e.Request.Header.Get(RequestIDHeader); validRequestID(v) {
			id = v
		}
	}
	if id == "" {
		id = newRequestID()
	}
	e.Request.Header.Set(RequestIDHeader, id)
	// Every line logged with the request's context carries the id.
	e.Request = e.Request.WithContext(observe.WithRequestID(e.Request.Context(), id))
	e.Set(keyRequestID, id)
	e.Response.Header().Set(RequestIDHeader, id)
	// PocketBase's request log carries it too, so the reference on an error
	// page finds its _logs row.
	meta, _ := e.Get(apis.RequestEventKeyLogMeta).(map[string]any)
	if meta == nil {
		meta = map[string]any{}
	}
	meta["request_id"] = id
	e.Set(apis.RequestEventKeyLogMeta, meta)
	return e.Next()
}

// RequestID returns the id of the request, for handlers, loggers and error
// pages; "" outside a request that went through the middleware.
func RequestID(e *core.RequestEvent) string {
	id, _ := e.Get(keyRequestID).(string)
	return id
}

// validRequestID accepts 1–128 characters of [A-Za-z0-9._:-] (UUIDs, hex,
// and the ids of common proxies and load balancers).
func validRequestID(v string) bool {
	if v == "" || len(v) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '_', c == ':', c == '-':
		default:
			return false
		}
	}
	return true
}

// newRequestID returns 16 random bytes in hex.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
