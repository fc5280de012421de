using System.Net;
using InterviewBooking.Stripe.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InterviewBooking.LoadRun;

/// <summary>
/// The fake Stripe API served over HTTP on 127.0.0.1 (a free port), so each host's own Stripe.net client reaches it through its
/// <c>Stripe:ApiBase</c> as it would reach Stripe: every request is passed to <see cref="FakeStripeApi"/> and its answer sent back.
/// </summary>
internal sealed class LoopbackStripe : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _fake;

    private LoopbackStripe(WebApplication app, HttpMessageInvoker fake, FakeStripeApi api)
    {
        _app = app;
        _fake = fake;
        Api = api;
        BaseUrl = new Uri(app.Urls.Single());
    }

    public FakeStripeApi Api { get; }

    public Uri BaseUrl { get; }

    public static async Task<LoopbackStripe> StartAsync(FakeStripeApi api)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var fake = new HttpMessageInvoker(api, disposeHandler: false);
        app.Run(context => ForwardAsync(context, fake));
        await app.StartAsync();
        return new LoopbackStripe(app, fake, api);
    }

    private static async Task ForwardAsync(HttpContext context, HttpMessageInvoker fake)
    {
        var request = context.Request;
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), new Uri("https://api.stripe.test" + request.Path + request.QueryString));
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        forwarded.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in request.Headers.Where(h => h.Key is not ("Host" or "Content-Length")))
        {
            if (!forwarded.Headers.TryAddWithoutValidation(name, [.. values]))
            {
                forwarded.Content.Headers.TryAddWithoutValidation(name, [.. values]);
            }
        }

        using var answer = await fake.SendAsync(forwarded, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        foreach (var (name, values) in answer.Headers)
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _fake.Dispose();
    }
}
