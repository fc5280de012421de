using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InterviewBooking.AspNetCore.Contracts;
using InterviewBooking.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewBooking.AspNetCore.Tests;

/// <summary>The candidate's side of the interview lifecycle over HTTP: how it ended, the interviewer's feedback, the rating and the free rebooking.</summary>
public sealed class LifecycleApiTests
{
    [Fact]
    public async Task After_a_completed_interview_the_candidate_reads_the_feedback_and_rates_the_interviewer_once()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();
        var booked = await BookAsync(host, http, host.NextMondayAt(10));
        var lifecycle = host.App.Services.GetRequiredService<InterviewLifecycleService>();

        using var tooEarly = await http.PostAsJsonAsync($"/bookings/{booked.Id}/rating", new RatingBody { Stars = 5 }, ApiHost.Json);
        host.Clock.Reset(host.NextMondayAt(10) + Duration.FromMinutes(31));
        Assert.True((await lifecycle.CompleteAsync(new PaymentSessionId(booked.Id), InterviewParty.Interviewer)).Succeeded);
        Assert.True((await lifecycle.SubmitFeedbackAsync(new PaymentSessionId(booked.Id), "Strong on data modelling; practise talking while you code.")).Succeeded);
        var completed = await http.GetFromJsonAsync<BookingView>($"/bookings/{booked.Id}", ApiHost.Json);
        using var rated = await http.PostAsJsonAsync($"/bookings/{booked.Id}/rating", new RatingBody { Stars = 4, Comment = "Fair and friendly." }, ApiHost.Json);
        var rating = await rated.Content.ReadFromJsonAsync<BookingView>(ApiHost.Json);
        using var again = await http.PostAsJsonAsync($"/bookings/{booked.Id}/rating", new RatingBody { Stars = 1 }, ApiHost.Json);
        using var stranger = await host.Client("candidate-other").PostAsJsonAsync($"/bookings/{booked.Id}/rating", new RatingBody { Stars = 1 }, ApiHost.Json);

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal("NotAllowed", (await tooEarly.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>());
        Assert.Equal("Completed", completed!.Interview!.Status);
        Assert.Equal("Strong on data modelling; practise talking while you code.", completed.Interview.Feedback!.Text);
        Assert.Null(completed.Interview.Rating);
        Assert.False(completed.Interview.RebookingOffered);
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        Assert.Equal(new RatingView(4, "Fair and friendly.", host.Clock.GetCurrentInstant()), rating!.Interview!.Rating);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("AlreadyGiven", (await again.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        var stored = await host.App.Services.GetRequiredService<IInterviewStore>().GetAsync(new InterviewId(completed.InterviewId!));
        Assert.Equal(4, stored!.Rating!.Stars);
    }

    [Fact]
    public async Task After_the_interviewer_did_not_show_the_candidate_sees_it_and_chooses_a_free_rebooking_with_another_interviewer()
    {
        await using var host = await ApiHost.StartAsync();
        using var http = host.Client();
        var booked = await BookAsync(host, http, host.NextMondayAt(10));

        // Another interviewer joins after the booking, so the original is Ada's and the rebooking can only be Grace's.
        host.App.Services.GetRequiredService<InMemoryInterviewerDirectory>().AddOrUpdate(Grace());
        host.Clock.Reset(host.NextMondayAt(11));
        var noShow = await host.App.Services.GetRequiredService<InterviewLifecycleService>()
            .ReportNoShowAsync(new PaymentSessionId(booked.Id), InterviewParty.Interviewer, InterviewParty.Candidate);
        Assert.True(noShow.Succeeded, noShow.Reason);

        var missed = await http.GetFromJsonAsync<BookingView>($"/bookings/{booked.Id}", ApiHost.Json);
        using var rebook = await http.PostAsJsonAsync(
            $"/bookings/{booked.Id}/rebook", new RebookBody { SlotStart = host.NextMondayAt(14), ExperienceYears = 4, SkillCategories = ["Backend"], Skills = ["Java"] }, ApiHost.Json);
        var rebooked = await rebook.Content.ReadFromJsonAsync<BookingView>(ApiHost.Json);
        var original = await http.GetFromJsonAsync<BookingView>($"/bookings/{booked.Id}", ApiHost.Json);
        using var repeat = await http.PostAsJsonAsync(
            $"/bookings/{booked.Id}/rebook", new RebookBody { SlotStart = host.NextMondayAt(14), ExperienceYears = 4, SkillCategories = ["Backend"], Skills = ["Java"] }, ApiHost.Json);

        Assert.Equal("BookingCanceled", missed!.Status);
        Assert.Equal("InterviewerNoShow", missed.Interview!.Status);
        Assert.True(missed.Interview.RebookingOffered);
        Assert.Equal(100, missed.Refund!.Percent);
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
        Assert.Equal("interviewer-ada", missed.Interviewer!.Id);
        Assert.Equal("Booked", rebooked!.Status);
        Assert.Equal("interviewer-grace", rebooked.Interviewer!.Id);
        Assert.Equal(host.NextMondayAt(14), rebooked.Slot!.Start);
        Assert.Equal("Scheduled", rebooked.Interview!.Status);
        Assert.Equal("Rebooked", original!.Status);
        Assert.False(original.Interview!.RebookingOffered);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(rebooked.Id, (await repeat.Content.ReadFromJsonAsync<BookingView>(ApiHost.Json))!.Id);
    }

    [Fact]
    public async Task After_the_candidate_canceled_no_free_rebooking_is_offered_and_choosing_one_is_a_409_problem()
    {
        await using var host = await ApiHost.StartAsync();
        host.App.Services.GetRequiredService<InMemoryInterviewerDirectory>().AddOrUpdate(Grace());
        using var http = host.Client();
        var booked = await BookAsync(host, http, host.NextMondayAt(10));
        using var canceled = await http.PostAsync($"/bookings/{booked.Id}/cancel", null);

        var view = await http.GetFromJsonAsync<BookingView>($"/bookings/{booked.Id}", ApiHost.Json);
        using var rebook = await http.PostAsJsonAsync($"/bookings/{booked.Id}/rebook", new RebookBody { SlotStart = host.NextMondayAt(14), Skills = ["Java"] }, ApiHost.Json);
        var problem = await rebook.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        Assert.Equal("Canceled", view!.Interview!.Status);
        Assert.Equal("Candidate", view.Interview.CanceledBy);
        Assert.False(view.Interview.RebookingOffered);
        Assert.Equal(HttpStatusCode.Conflict, rebook.StatusCode);
        Assert.Equal("NotOffered", problem!["outcome"]!.GetValue<string>());
        Assert.Equal("BookingCanceled", (await http.GetFromJsonAsync<BookingView>($"/bookings/{booked.Id}", ApiHost.Json))!.Status);
    }

    private static async Task<BookingView> BookAsync(ApiHost host, HttpClient http, Instant start)
    {
        var started = await host.StartAsync(http, start);
        await host.PayAsync(started.Id);
        return started;
    }

    private static InterviewerProfile Grace() => new()
    {
        Id = new InterviewerId("interviewer-grace"),
        Name = "Grace",
        Email = "grace@interviewers.example",
        Company = "Compilers",
        ExperienceYears = 15,
        SkillCategories = ["Backend"],
        Skills = ["Java"],
        TimeZone = DateTimeZone.Utc,
        WeeklyAvailability = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => new WeeklyWindow(d, new LocalTime(8, 0), new LocalTime(20, 0))).ToArray(),
    };
}
