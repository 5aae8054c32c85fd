# -*- encoding: utf-8 -*-
Gem::Specification.new do |s|
  s.name = "fuzz".freeze
  s.version = "1.0"
  s.licenses = ["MIT".freeze]
end
