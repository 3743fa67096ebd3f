package api

import "github.com/protectors-portal/portal/internal/moderation"

// SetModeration installs the moderation service: reports and the queue.
func (a *API) SetModeration(m *moderation.Service) { a.moderation = m }
