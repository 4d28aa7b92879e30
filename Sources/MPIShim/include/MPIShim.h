#pragma once
/// Placeholder until the communication layer lands.
int mpishim_version(void);
