var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => $"hello from {Environment.MachineName}");
app.Run();
