package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/internal/model"
)

// WantsActivityJSON reports whether the client asks for ActivityPub JSON
// (application/activity+json, or application/ld+json with the
// ActivityStreams profile) rather than HTML.
func WantsActivityJSON(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "application/activity+json":
			return true
		case "application/ld+json":
			if p := params["profile"]; p == "" || strings.Contains(p, "https://www.w3.org/ns/activitystreams") {
				return true
			}
		case "text/html":
			return false
		}
	}
	return false
}

// MaxJSONBody is the largest JSON body the API accepts.
const MaxJSONBody = 256 << 10

// maxJSONDepth bounds how deeply JSON input may nest.
const maxJSONDepth = 32

// DecodeJSON reads a JSON object from the body into v: at most MaxJSONBody
// bytes, nested at most 32 deep, unknown fields refused, one value only.
// Every failure is a 4xx with a clear text.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "application/json" {
			return &model.SafeError{Status: http.StatusUnsupportedMediaType, Public: "Send the body as application/json."}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &model.SafeError{Status: http.StatusRequestEntityTooLarge, Public: fmt.Sprintf("The body is larger than %d KiB.", MaxJSONBody>>10)}
		}
		return BadRequest("Could not read the request body.")
	}
	if err := CheckJSONDepth(body, maxJSONDepth); err != nil {
		return BadRequest(err.Error())
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr):
			return BadRequest(fmt.Sprintf("Field %q has the wrong type.", typeErr.Field))
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return BadRequest("Unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ") + ".")
		default:
			return BadRequest("The body is not valid JSON.")
		}
	}
	if dec.More() {
		return BadRequest("The body holds more than one JSON value.")
	}
	return nil
}

// CheckJSONDepth refuses JSON nested deeper than max, before decoding.
func CheckJSONDepth(data []byte, max int) error {
	depth := 0
	inString, escaped := false, false
	for _, c := range data {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > max {
				return fmt.Errorf("The JSON is nested deeper than %d levels.", max)
			}
		case '}', ']':
			depth--
		}
	}
	return nil
}
