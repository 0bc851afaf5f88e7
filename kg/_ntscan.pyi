# The C module kg/_ntscan.c (see its comment; built where a C compiler is, optional).

def scan(data: bytes | memoryview, start: int, predicates: tuple[bytes, ...], hows: tuple[int, ...],
         tables: tuple[dict[str, list[str]] | None, ...], memo: dict[str, str] | None,
         rest: list[tuple[int, str, str]]) -> tuple[int, int, int]: ...
