"""Where a server listens: checked before anything says "serving on", one line if it cannot.

A server binds exactly what `check_address` tried, and names it with `url`.
Standard library only: `scratchnet-tui` imports it at every start.
"""

import errno
import ipaddress
import socket


class ServeError(Exception):
    """Serving cannot start; the message is the one line that says why."""


# The options that say where each kind of server listens: what a one-line refusal points to.
OPTIONS = {"http": ("--host", "--port"), "ssh": ("--ssh", "--ssh [HOST:]PORT")}


def url(host: str, port: int, scheme: str = "http") -> str:
    """The server's address: an IPv6 address goes in brackets, `http://[::1]:8000`."""
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


def check_address(host: str, port: int, scheme: str = "http") -> bool:
    """Whether `host` means this machine only (loopback); ServeError if it cannot be listened on.

    Each address the name stands for is bound once, as the server will bind it, so a port in
    use or an address of another machine is found before anything says "serving on".
    """
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ServeError(
            f"{OPTIONS[scheme][0]} {host}: no such address ({error.strerror})"
        ) from None
    except UnicodeError:
        raise ServeError(f"{OPTIONS[scheme][0]} {host}: not a valid host name") from None
    for family, kind, protocol, _, address in found:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as error:
                raise ServeError(cannot_listen(host, port, error, scheme)) from None
    return all(ipaddress.ip_address(str(address[0])).is_loopback for *_, address in found)


def cannot_listen(host: str, port: int, error: OSError, scheme: str = "http") -> str:
    """One line for an address that cannot be listened on."""
    if error.errno == errno.EADDRINUSE:
        option = OPTIONS[scheme][1]
        reason = f"port {port} is in use: stop what listens there, or choose another {option}"
    elif error.errno == errno.EADDRNOTAVAIL:
        reason = f"{host} is not an address of this machine"
    elif error.errno == errno.EACCES:
        reason = f"no permission to listen on port {port} (below 1024 needs root)"
    else:
        reason = error.strerror or str(error)
    return f"cannot serve on {url(host, port, scheme)}: {reason}"
