using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InterviewBooking.AspNetCore.Contracts;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>Slot search and preview over HTTP: the search lists free plan-length slots by day; a preview token books exactly that interviewer.</summary>
public sealed class SearchAndPreviewApiTests
{
    [Fact]
    public async Task The_search_lists_free_plan_length_slots_grouped_by_day_and_leaves_out_a_held_one()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();
        await host.StartAsync(http, host.NextMondayAt(10));
        var query = new SlotSearchBody { ExperienceYears = 4, SkillCategories = ["Backend"], Skills = ["Java"], TimeZone = "Europe/London", PlanId = "mock-30", Days = 14, MaxSlots = 200 };

        using var response = await http.PostAsJsonAsync("/slots/search", query, ApiHost.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<SlotSearchView>(ApiHost.Json);
        var slots = result!.Days.SelectMany(d => d.Slots).ToArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(slots.Length, result.Count);
        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(30), s.Slot.End - s.Slot.Start));
        Assert.All(result.Days, d => Assert.All(d.Slots, s => Assert.Equal(d.Date, s.Slot.Start.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date)));
        Assert.DoesNotContain(slots, s => s.Slot.Start == host.NextMondayAt(10));
        Assert.Contains(slots, s => s.Slot.Start == host.NextMondayAt(11));
    }

    [Fact]
    public async Task A_search_with_bad_fields_lists_them_all()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();

        using var response = await http.PostAsJsonAsync("/slots/search", new SlotSearchBody { TimeZone = "Nowhere/At_All", Days = 0, MaxSlots = 0 }, ApiHost.Json);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["days", "maxSlots", "planId", "timeZone"], errors);
    }

    [Fact]
    public async Task A_preview_token_books_exactly_the_previewed_interviewer_and_a_forged_one_is_refused()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();
        var body = host.Body(host.NextMondayAt(10));

        using var previewed = await http.PostAsJsonAsync("/bookings/preview", body, ApiHost.Json);
        Assert.True(previewed.IsSuccessStatusCode, await previewed.Content.ReadAsStringAsync());
        var preview = (await previewed.Content.ReadFromJsonAsync<PreviewView>(ApiHost.Json))!;
        using var forged = await http.PostAsJsonAsync("/bookings", body with { PreviewToken = preview.Token[..^4] + "AAAA" }, ApiHost.Json);
        using var started = await http.PostAsJsonAsync("/bookings", body with { PreviewToken = preview.Token }, ApiHost.Json);
        var booking = await started.Content.ReadFromJsonAsync<BookingView>(ApiHost.Json);

        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        Assert.Equal("interviewer-ada", preview.Interviewer.Id);
        Assert.True(preview.ExpiresAt > host.Clock.GetCurrentInstant());
        Assert.Equal(4900, preview.Price.TotalMinorUnits);
        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
        Assert.Contains("PreviewRefused", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(preview.Interviewer, booking!.Interviewer);
    }
}
