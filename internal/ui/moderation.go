package ui

import "github.com/protectors-portal/portal/internal/moderation"

// SetModeration gives the pages the moderation service: the report forms
// and the moderators' queue.
func (u *UI) SetModeration(m *moderation.Service) { u.moderation = m }
