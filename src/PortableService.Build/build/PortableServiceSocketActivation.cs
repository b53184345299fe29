// Added to an ASP.NET Core project by PortableService.Build when PortableServiceSocket is set: the generated .socket unit
// passes the listening socket as file descriptor 3, and Kestrel takes it from there (and only when systemd passed it).
[assembly: Microsoft.AspNetCore.Hosting.HostingStartup(typeof(PortableService.Build.Generated.SocketActivationStartup))]

namespace PortableService.Build.Generated
{
    internal sealed class SocketActivationStartup : Microsoft.AspNetCore.Hosting.IHostingStartup
    {
        public void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
            Microsoft.AspNetCore.Hosting.WebHostBuilderKestrelExtensions.ConfigureKestrel(
                builder, options => Microsoft.AspNetCore.Hosting.KestrelServerOptionsSystemdExtensions.UseSystemd(options));
    }
}
