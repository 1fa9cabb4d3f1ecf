// placeholder until shell lands
