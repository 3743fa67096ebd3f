// Package httpx is the HTTP plumbing shared by the pages, the JSON API and
// federation: handlers that return errors, the error → status mapping,
// sign-in from cookies and tokens, CSRF, content negotiation, request ids
// and logs.
package httpx

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// Status picks the HTTP status and the text safe to show for err. Anything
// unknown is a 500 with a generic text: internal detail never leaves.
func Status(err error) (int, string) {
	var safe *model.SafeError
	if errors.As(err, &safe) {
		st := safe.Status
		if st == 0 {
			st, _ = Status(safe.Err)
		}
		return st, safe.Public
	}
	var v *model.ValidationError
	if errors.As(err, &v) {
		return http.StatusUnprocessableEntity, v.Error()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, "The request body is too large."
	case errors.Is(err, model.ErrNotFound):
		return http.StatusNotFound, "Not found."
	case errors.Is(err, model.ErrUnauthorized):
		return http.StatusUnauthorized, "You must be signed in."
	case errors.Is(err, model.ErrForbidden):
		return http.StatusForbidden, "You may not do that."
	case errors.Is(err, model.ErrConflict):
		return http.StatusConflict, "That conflicts with something that exists."
	case errors.Is(err, model.ErrRateLimited):
		return http.StatusTooManyRequests, "Too many requests. Wait a little and try again."
	}
	return http.StatusInternalServerError, "Something went wrong on our side."
}

// BadRequest is a 400 with a text for the client.
func BadRequest(msg string) error {
	return &model.SafeError{Public: msg, Status: http.StatusBadRequest}
}

// LogError logs err once, at a level that fits its status.
func LogError(r *http.Request, status int, err error) {
	log := Logger(r.Context())
	if status >= 500 {
		log.ErrorContext(r.Context(), "request failed", "status", status, "error", err)
	} else {
		log.DebugContext(r.Context(), "request refused", "status", status, "error", err)
	}
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// WriteJSONError answers {"error": "…"} (and the failing fields, for
// validation errors).
func WriteJSONError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := Status(err)
	LogError(r, status, err)
	body := map[string]any{"error": msg}
	var v *model.ValidationError
	if errors.As(err, &v) {
		body["fields"] = v.Fields
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="portal"`)
	}
	WriteJSON(w, status, body)
}

// JSONHandler adapts a handler that returns an error to http.Handler,
// answering errors as JSON.
type JSONHandler func(w http.ResponseWriter, r *http.Request) error

func (h JSONHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		WriteJSONError(w, r, err)
	}
}

// WriteJSONBody writes v as JSON keeping the Content-Type already set
// (application/jrd+json, application/activity+json…).
func WriteJSONBody(w http.ResponseWriter, status int, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
