namespace InterviewBooking;

/// <summary>Collects a search's slots, earliest first, into the candidate's local days, up to the slot limit.</summary>
internal sealed class SlotSearchResultBuilder(DateTimeZone candidateZone, int maxSlots)
{
    private readonly List<SlotSearchDay> _days = [];
    private List<SlotAlternative>? _today;
    private LocalDate _date;

    public int Count { get; private set; }

    /// <summary>Whether the slot limit is reached.</summary>
    public bool IsFull => Count == maxSlots;

    /// <summary>Adds the next slot (later than every slot added) with its interviewer and their score for it.</summary>
    public void Add(InterviewerProfile interviewer, MatchScore score, Interval slot)
    {
        var localDate = SlotText.LocalDateOf(slot, candidateZone);
        if (_today is null || localDate != _date)
        {
            _today = [];
            _date = localDate;
            _days.Add(new SlotSearchDay(_date, _today));
        }

        _today.Add(new SlotAlternative(interviewer, score, slot, SlotText.Format(slot, candidateZone)));
        Count++;
    }

    public SlotSearchResult ToResult(Interval searched, bool truncated) =>
        new() { Searched = searched, Days = _days, Count = Count, Truncated = truncated };
}
