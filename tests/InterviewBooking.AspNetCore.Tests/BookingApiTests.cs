using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InterviewBooking.AspNetCore.Contracts;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>The booking API over HTTP: the whole flow, ownership, and problem details for every bad id or input.</summary>
public sealed class BookingApiTests
{
    [Fact]
    public async Task A_candidate_starts_pays_reschedules_and_cancels_through_the_api()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();

        var started = await host.StartAsync(http, host.NextMondayAt(10));
        await host.PayAsync(started.Id);
        var booked = await http.GetFromJsonAsync<BookingView>($"/bookings/{started.Id}", ApiHost.Json);
        using var moved = await http.PostAsJsonAsync($"/bookings/{started.Id}/reschedule", new RescheduleBody { SlotStart = host.NextMondayAt(15) }, ApiHost.Json);
        var rescheduled = await moved.Content.ReadFromJsonAsync<BookingView>(ApiHost.Json);
        using var canceled = await http.PostAsJsonAsync($"/bookings/{started.Id}/cancel", new CancelBody { Reason = "found a job" }, ApiHost.Json);
        var cancellation = await canceled.Content.ReadFromJsonAsync<BookingView>(ApiHost.Json);

        Assert.Equal("Pending", started.Status);
        Assert.Equal(started.ExpiresAt, host.Clock.GetCurrentInstant() + Duration.FromMinutes(30));
        Assert.Equal(4900, started.Price.TotalMinorUnits);
        Assert.Equal("Plan", Assert.Single(started.Price.Lines).Kind);
        Assert.Equal(new InterviewerView("interviewer-ada", "Ada", "Analytical"), started.Interviewer);
        Assert.True(started.Score!.Total > 0);
        Assert.Equal(started.Score.Total, started.Score.Experience + started.Score.Skills + started.Score.Availability);
        Assert.Equal("Booked", booked!.Status);
        Assert.NotNull(booked.InterviewId);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(host.NextMondayAt(15), rescheduled!.Slot!.Start);
        Assert.Equal(host.NextMondayAt(15) + Duration.FromMinutes(30), rescheduled.Slot.End);
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        Assert.Equal("BookingCanceled", cancellation!.Status);
        Assert.Equal(100, cancellation.Refund!.Percent);
        Assert.Equal(4900, cancellation.Refund.AmountMinorUnits);
    }

    [Fact]
    public async Task The_candidate_view_never_carries_the_interviewer_email()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();
        var started = await host.StartAsync(http, host.NextMondayAt(10));

        var json = await http.GetStringAsync($"/bookings/{started.Id}");

        Assert.DoesNotContain("ada@interviewers.example", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("email", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"expiresAt\":\"2026-12-01T08:30:00Z\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canceling_a_pending_booking_closes_its_checkout_and_releases_the_slot()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();
        var started = await host.StartAsync(http, host.NextMondayAt(10));

        using var canceled = await http.PostAsync($"/bookings/{started.Id}/cancel", null);
        var view = await canceled.Content.ReadFromJsonAsync<BookingView>(ApiHost.Json);
        using var other = host.Client("candidate-other");
        var again = await host.StartAsync(other, host.NextMondayAt(10));

        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        Assert.Equal("Canceled", view!.Status);
        Assert.Null(view.CheckoutUrl);
        Assert.Equal("interviewer-ada", again.Interviewer!.Id);
    }

    [Fact]
    public async Task Another_candidate_can_neither_read_nor_change_a_booking_it_is_answered_like_a_missing_one()
    {
        await using var host = await ApiHost.StartAsync();
        using var owner = host.Client();
        using var stranger = host.Client("candidate-mallory");
        var started = await host.StartAsync(owner, host.NextMondayAt(10));
        await host.PayAsync(started.Id);

        using var read = await stranger.GetAsync($"/bookings/{started.Id}");
        using var cancel = await stranger.PostAsync($"/bookings/{started.Id}/cancel", null);
        using var move = await stranger.PostAsJsonAsync($"/bookings/{started.Id}/reschedule", new RescheduleBody { SlotStart = host.NextMondayAt(15) }, ApiHost.Json);
        using var missing = await stranger.GetAsync("/bookings/no-such-session");
        var still = await owner.GetFromJsonAsync<BookingView>($"/bookings/{started.Id}", ApiHost.Json);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Title(await missing.Content.ReadAsStringAsync()), Title(await read.Content.ReadAsStringAsync()));
        Assert.Equal("Booked", still!.Status);
        Assert.Equal(host.NextMondayAt(10), still.Slot!.Start);
    }

    [Fact]
    public async Task A_caller_without_a_candidate_id_gets_401()
    {
        await using var host = await ApiHost.StartAsync();
        using var anonymous = host.Client(candidate: null);

        using var start = await anonymous.PostAsJsonAsync("/bookings", host.Body(host.NextMondayAt(10)), ApiHost.Json);
        using var read = await anonymous.GetAsync("/bookings/anything");

        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task A_start_with_several_bad_fields_lists_every_one_in_one_validation_problem()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();

        using var response = await http.PostAsync("/bookings", new StringContent(
            """{"candidateName":"","experienceYears":-1,"timeZone":"Mars/Olympus","planId":"mock-45"}""", Encoding.UTF8, "application/json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["candidateEmail", "candidateName", "experienceYears", "planId", "slotStart", "timeZone"], errors);
        Assert.Contains("mock-30", problem.RootElement.GetProperty("errors").GetProperty("planId")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"slotStart":"next tuesday"}""", "slotStart")]
    [InlineData("""{"experienceYears":"many"}""", "experienceYears")]
    [InlineData("""[1,2""", "body")]
    public async Task Malformed_json_is_a_400_naming_the_field_never_a_500(string json, string field)
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();

        using var response = await http.PostAsync("/bookings", new StringContent(json, Encoding.UTF8, "application/json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task A_slot_the_core_refuses_is_a_validation_problem_naming_its_field()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();

        using var response = await http.PostAsJsonAsync("/bookings", host.Body(host.Clock.GetCurrentInstant() - Duration.FromHours(1)), ApiHost.Json);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("RequestedSlot", out _), problem.RootElement.ToString());
    }

    [Theory]
    [InlineData("/bookings/%20")]
    [InlineData("/checkout/return?session_id=")]
    [InlineData("/checkout/return?session_id=cs_unknown")]
    [InlineData("/checkout/return")]
    public async Task Bad_or_unknown_ids_answer_4xx_problems_never_500(string path)
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();

        using var response = await http.GetAsync(path);
        using var overLong = await http.GetAsync("/bookings/" + new string('x', 5000));
        using var overLongReturn = await http.GetAsync("/checkout/return?session_id=" + new string('x', 5000));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, overLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overLongReturn.StatusCode);
    }

    [Fact]
    public async Task The_return_check_answers_the_owner_with_the_booking_and_others_with_404()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();
        var started = await host.StartAsync(http, host.NextMondayAt(10));
        await host.PayAsync(started.Id);
        var reference = InMemory.SimulatedPaymentGateway.ReferenceFor(new PaymentSessionId(started.Id));

        var mine = await http.GetFromJsonAsync<BookingView>($"/checkout/return?session_id={reference}", ApiHost.Json);
        using var stranger = host.Client("candidate-mallory");
        using var theirs = await stranger.GetAsync($"/checkout/return?session_id={reference}");

        Assert.Equal("Booked", mine!.Status);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }

    [Fact]
    public async Task A_taken_slot_is_a_409_problem_with_the_outcome_and_the_alternatives_listed()
    {
        await using var host = await ApiHost.StartAsync();
        using var first = host.Client();
        await host.StartAsync(first, host.NextMondayAt(10));
        using var second = host.Client("candidate-other");

        using var response = await second.PostAsJsonAsync("/bookings", host.Body(host.NextMondayAt(10)), ApiHost.Json);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var alternatives = problem.RootElement.GetProperty("alternatives");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True(alternatives.GetArrayLength() > 0, problem.RootElement.ToString());
        Assert.Equal("interviewer-ada", alternatives[0].GetProperty("interviewer").GetProperty("id").GetString());
        Assert.NotEqual("2026-12-07T10:00:00Z", alternatives[0].GetProperty("slot").GetProperty("start").GetString());
        Assert.DoesNotContain("ada@interviewers.example", problem.RootElement.ToString(), StringComparison.Ordinal);
    }

    private static string? Title(string problem)
    {
        using var document = JsonDocument.Parse(problem);
        return document.RootElement.GetProperty("title").GetString();
    }
}
