"""A register's devices (receipt printer, drawer, pole display, scale, scanner), the
named printers plugins print to, the hardware agents paired with the server, and the
device jobs they run exactly once."""
