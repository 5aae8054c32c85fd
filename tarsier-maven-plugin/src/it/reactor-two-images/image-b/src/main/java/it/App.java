package it;

import com.fasterxml.jackson.core.JsonFactory;

public class App {
    public static void main(String[] args) {
        System.out.println(new JsonFactory().getFormatName());
    }
}
