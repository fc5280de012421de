namespace InterviewBooking;

/// <summary>The pre-matched data of a payment session, checked field by field; the only input of auto-booking.</summary>
internal sealed record PreMatchedSnapshot(
    MatchedInterviewer Interviewer,
    Interval Slot,
    ReservationId ReservationId)
{
    /// <summary>Reads the snapshot, or throws naming the first field that is missing or inconsistent.</summary>
    /// <exception cref="PreMatchedInterviewerException">A field is missing or disagrees with another.</exception>
    public static PreMatchedSnapshot From(PaymentSession session)
    {
        var id = session.Id;
        var matched = session.MatchedInterviewer
            ?? throw new PreMatchedInterviewerException(id, "matched_interviewer", "is missing");
        if (session.InterviewerId is not { IsEmpty: false } interviewerId)
        {
            throw new PreMatchedInterviewerException(id, "interviewer_id", "is missing");
        }

        if (matched.Id.IsEmpty)
        {
            throw new PreMatchedInterviewerException(id, "matched_interviewer.id", "is missing");
        }

        if (matched.Id != interviewerId)
        {
            throw new PreMatchedInterviewerException(id, "matched_interviewer.id", $"('{matched.Id}') differs from interviewer_id ('{interviewerId}')");
        }

        if (string.IsNullOrWhiteSpace(matched.Name))
        {
            throw new PreMatchedInterviewerException(id, "matched_interviewer.interviewer_name", "is missing");
        }

        if (string.IsNullOrWhiteSpace(matched.Email))
        {
            throw new PreMatchedInterviewerException(id, "matched_interviewer.interviewer_email", "is missing");
        }

        if (session.Slot is not { } slot)
        {
            throw new PreMatchedInterviewerException(id, "slot", "is missing");
        }

        if (!slot.HasStart || !slot.HasEnd || slot.End <= slot.Start)
        {
            throw new PreMatchedInterviewerException(id, "slot", "has no start, no end, or no length");
        }

        if (string.IsNullOrWhiteSpace(session.SelectedTimeSlot))
        {
            throw new PreMatchedInterviewerException(id, "selected_time_slot", "is missing");
        }

        // Sessions written before slot text carried offsets hold the form without them: that still names this slot.
        var expectedText = SlotText.Format(slot, session.CandidateTimeZone);
        if (!string.Equals(session.SelectedTimeSlot, expectedText, StringComparison.Ordinal)
            && !string.Equals(session.SelectedTimeSlot, SlotText.FormatWithoutOffsets(slot, session.CandidateTimeZone), StringComparison.Ordinal))
        {
            throw new PreMatchedInterviewerException(id, "selected_time_slot", $"(\"{session.SelectedTimeSlot}\") disagrees with the reserved slot (\"{expectedText}\")");
        }

        if (session.SelectedDate is not { } date)
        {
            throw new PreMatchedInterviewerException(id, "selected_date", "is missing");
        }

        if (date != SlotText.LocalDateOf(slot, session.CandidateTimeZone))
        {
            throw new PreMatchedInterviewerException(id, "selected_date", $"({date:uuuu-MM-dd}) disagrees with the reserved slot");
        }

        if (session.MatchScore is not { } score)
        {
            throw new PreMatchedInterviewerException(id, "match_score", "is missing");
        }

        if (score != matched.Score.Total)
        {
            throw new PreMatchedInterviewerException(id, "match_score", $"({score}) differs from matched_interviewer.match_score ({matched.Score.Total})");
        }

        if (session.ReservationId is not { IsEmpty: false } reservationId)
        {
            throw new PreMatchedInterviewerException(id, "reservation_id", "is missing");
        }

        return new PreMatchedSnapshot(matched, slot, reservationId);
    }

    /// <summary>Checks that a stored reservation is the one this snapshot reserved.</summary>
    /// <exception cref="PreMatchedInterviewerException">It belongs to another interviewer, owner or slot.</exception>
    public void EnsureMatches(PaymentSessionId sessionId, Reservation reservation)
    {
        if (reservation.InterviewerId != Interviewer.Id)
        {
            throw new PreMatchedInterviewerException(sessionId, "reservation_id", $"names a reservation of interviewer '{reservation.InterviewerId}', not of the pre-matched '{Interviewer.Id}'");
        }

        if (!string.Equals(reservation.Owner, sessionId.Value, StringComparison.Ordinal))
        {
            throw new PreMatchedInterviewerException(sessionId, "reservation_id", "names a reservation held by another owner");
        }

        if (reservation.Slot != Slot)
        {
            throw new PreMatchedInterviewerException(sessionId, "reservation_id", "names a reservation of another slot");
        }
    }
}
